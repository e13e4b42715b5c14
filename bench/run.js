#!/usr/bin/env node
// Runs every bench/*.bench.mjs in turn (one at a time: they measure time, so they must not compete).
// Each script measures its figures against a baseline in the same run and prints medians.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const script of scripts) {
  process.stdout.write(`\n## ${script}\n`);
  const result = spawnSync(process.execPath, [path.join(here, script)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.stdout.write(`\n${scripts.length - failed} benchmark scripts met their targets, ${failed} did not.\n`);
process.exit(failed ? 1 : 0);
