#!/usr/bin/env node
// Writes the published JSON Schemas (schemas/*.schema.json) from the zod schemas, the single source of
// truth. Reads the built code in dist/, so run `npm run build` first (`npm run schemas` does both).
//
//   node scripts/generate-schemas.mjs            write every schema file
//   node scripts/generate-schemas.mjs --check    exit 1 if a committed file differs (CI, tests)
//   node scripts/generate-schemas.mjs --check profile.schema.json   only the files named
//
// To publish another schema: export a function from your module that returns
// { "<name>.schema.json": "<file content>" } and add one line to SOURCES.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SOURCES = [
  { module: 'dist/src/profile/profile.js', files: 'profileSchemaFiles' },
  { module: 'dist/src/exercises/json-schemas.js', files: 'exerciseSchemaFiles' },
];

async function generated() {
  const all = {};
  for (const source of SOURCES) {
    let mod;
    try {
      mod = await import(pathToFileURL(path.join(root, source.module)).href);
    } catch (error) {
      throw new Error(`cannot load ${source.module} (run \`npm run build\` first): ${error.message}`);
    }
    if (typeof mod[source.files] !== 'function') throw new Error(`${source.module} does not export ${source.files}()`);
    Object.assign(all, mod[source.files]());
  }
  return all;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const only = args.filter((a) => !a.startsWith('--'));
  const files = Object.entries(await generated()).filter(([name]) => only.length === 0 || only.includes(name));
  if (only.length && files.length !== only.length) throw new Error(`unknown schema file among: ${only.join(', ')}`);
  let stale = 0;
  for (const [name, content] of files) {
    const target = path.join(root, 'schemas', name);
    if (check) {
      const current = await readFile(target, 'utf8').catch(() => '');
      if (current !== content) {
        stale += 1;
        process.stderr.write(`schemas/${name} is out of date: run \`npm run schemas\` and commit the result.\n`);
      }
    } else {
      await writeFile(target, content);
      process.stdout.write(`wrote schemas/${name}\n`);
    }
  }
  if (check && stale === 0) process.stdout.write(`${files.length} schema file(s) up to date.\n`);
  process.exit(stale ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`generate-schemas: ${error.message}\n`);
  process.exit(2);
});
