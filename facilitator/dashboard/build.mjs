#!/usr/bin/env node
// Builds the dashboard for the browser: type-checks facilitator/dashboard/client (DOM types, its own
// tsconfig), bundles it with esbuild into dist/facilitator/dashboard/app.js, and copies the page
// and stylesheet next to it. Run by `npm run build` after tsc.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const out = path.join(root, 'dist', 'facilitator', 'dashboard');
const require = createRequire(import.meta.url);

const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(here, 'client', 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) {
  process.stderr.write('The dashboard does not type-check (see above).\n');
  process.exit(1);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('esbuild is missing: run `npm install` (it is a devDependency) to build the dashboard.\n');
  process.exit(1);
}
mkdirSync(out, { recursive: true });
try {
  await esbuild.build({
  entryPoints: [path.join(here, 'client', 'app.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  outfile: path.join(out, 'app.js'),
  logLevel: 'error',
  });
} catch {
  process.stderr.write('Bundling the dashboard failed (see above).\n');
  process.exit(1);
}
for (const file of ['index.html', 'style.css']) copyFileSync(path.join(here, file), path.join(out, file));
