#!/usr/bin/env node
// Builds the participant kit: an npm tarball with every dependency bundled inside, so that laptops on
// venue Wi-Fi can `npm install -g http://<hub>:4545/kit.tgz` without the public registry.
//
//   dist/kit/stage/                   what goes into the tarball
//     package.json                    same name and version, a `bin`, and NO dependencies
//     bin/workshop.js                 the usual entry (Node version gate, fast --version)
//     dist/src/cli/main.js + chunks   src/ and facilitator/ bundled by esbuild (lazy commands stay lazy:
//                                     every `await import()` becomes its own chunk)
//     dist/facilitator/dashboard/     the built dashboard, so a kit can host too
//     exercises/ profiles/ schemas/   data the CLI reads at run time
//   dist/kit/codex-workshop-kit.tgz   `npm pack` of the stage (the stage is removed afterwards
//                                     unless --keep-stage)
//
// Run with `npm run kit` (builds first), or by the hub on the first request for /kit.tgz.
// Options: --out DIR (default dist/kit), --keep-stage.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// --out DIR builds elsewhere (tests and benchmarks, so they never race over dist/kit).
const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]) : path.join(root, 'dist', 'kit');
const stage = path.join(out, 'stage');
const tarball = path.join(out, 'codex-workshop-kit.tgz');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

function fail(message) {
  process.stderr.write(`build-kit: ${message}\n`);
  process.exit(1);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  fail('esbuild is missing: run `npm install` in the codex-workshop folder (it is a devDependency).');
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

// CommonJS dependencies bundled into ES modules still call require() for Node built-ins and use
// __dirname: give every chunk a real require and both names.
const banner = [
  "import { createRequire as __kitCreateRequire } from 'node:module';",
  "import { fileURLToPath as __kitFileURLToPath } from 'node:url';",
  "import { dirname as __kitDirname } from 'node:path';",
  'const require = __kitCreateRequire(import.meta.url);',
  'const __filename = __kitFileURLToPath(import.meta.url);',
  'const __dirname = __kitDirname(__filename);',
].join('\n');

try {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: path.join(stage, 'dist', 'src', 'cli'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.17',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: banner },
    // Issue 13: PGlite loads its WebAssembly and data files next to its own module, so it ships as a
    // package inside the kit (below) instead of being bundled; pg's optional native binding is never used.
    external: ['@electric-sql/pglite', 'pg-native'],
    logLevel: 'error',
  });
} catch {
  fail('bundling the CLI failed (see above).');
}

cpSync(path.join(root, 'bin'), path.join(stage, 'bin'), { recursive: true });
for (const folder of ['exercises', 'profiles', 'schemas']) {
  if (existsSync(path.join(root, folder))) cpSync(path.join(root, folder), path.join(stage, folder), { recursive: true });
}
// The embedded database engine (issue 13), as an npm bundled dependency: its JavaScript, WebAssembly and
// data files only (no source maps, type files or optional extensions), so a kit can serve a programme
// without the registry.
const pglite = path.join(root, 'node_modules', '@electric-sql', 'pglite');
const pgliteVersion = JSON.parse(readFileSync(path.join(pglite, 'package.json'), 'utf8')).version;
const pgliteStage = path.join(stage, 'node_modules', '@electric-sql', 'pglite');
cpSync(pglite, pgliteStage, {
  recursive: true,
  filter: (source) => {
    const rel = path.relative(pglite, source);
    if (rel === '' || rel === 'dist' || rel === 'package.json' || rel === 'LICENSE') return true;
    if (!rel.startsWith(`dist${path.sep}`) || rel.split(path.sep).length > 2) return false;
    return /\.(js|cjs|wasm|data)$/.test(rel);
  },
});

const dashboard = path.join(root, 'dist', 'facilitator', 'dashboard');
if (existsSync(dashboard)) cpSync(dashboard, path.join(stage, 'dist', 'facilitator', 'dashboard'), { recursive: true });

writeFileSync(
  path.join(stage, 'package.json'),
  `${JSON.stringify(
    {
      name: pkg.name,
      version: pkg.version,
      description: `${pkg.description} (bundled kit: no dependencies to download)`,
      type: 'module',
      license: pkg.license,
      engines: pkg.engines,
      bin: pkg.bin,
      dependencies: { '@electric-sql/pglite': pgliteVersion },
      bundleDependencies: ['@electric-sql/pglite'],
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  path.join(stage, 'README.md'),
  `# codex-workshop kit ${pkg.version}\n\nThe workshop CLI with everything bundled. Install it from your facilitator's hub:\n\n    npm install -g http://<hub address>:4545/kit.tgz\n\nThen run \`workshop doctor\`.\n`,
);

// npm pack writes <name>-<version>.tgz; on Windows npm is a .cmd script and needs a shell.
const npm = process.env.npm_execpath && process.env.npm_execpath.endsWith('.js') ? [process.execPath, process.env.npm_execpath] : [process.platform === 'win32' ? 'npm.cmd' : 'npm'];
const packed = spawnSync(npm[0], [...npm.slice(1), 'pack', '--silent', '--pack-destination', out], {
  cwd: stage,
  encoding: 'utf8',
  shell: process.platform === 'win32' && npm.length === 1,
  env: { ...process.env, npm_config_ignore_scripts: 'true', npm_config_loglevel: 'error' },
});
if (packed.status !== 0) fail(`npm pack failed: ${(packed.stderr || packed.stdout || '').trim()}`);
const name = packed.stdout.trim().split('\n').pop();
renameSync(path.join(out, name), tarball);
// The stage was only the tarball's input: drop it so that it never ends up in an npm pack of dist/.
if (!process.argv.includes('--keep-stage')) rmSync(stage, { recursive: true, force: true });
writeFileSync(path.join(out, 'kit.json'), `${JSON.stringify({ version: pkg.version, builtAt: new Date().toISOString(), bytes: statSync(tarball).size })}\n`);
process.stdout.write(`kit: ${path.relative(root, tarball)} (${(statSync(tarball).size / 1024).toFixed(0)} KiB)\n`);
