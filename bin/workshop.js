#!/usr/bin/env node
// The `workshop` entry point. Plain JavaScript on purpose: it must run on any Node version long
// enough to say which version is needed, so it checks the version before importing anything else.
'use strict';

const MIN_NODE = [20, 17, 0];

function nodeIsTooOld(version) {
  const parts = version.replace(/^v/, '').split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < MIN_NODE.length; i += 1) {
    if (parts[i] > MIN_NODE[i]) return false;
    if (parts[i] < MIN_NODE[i]) return true;
  }
  return false;
}

if (nodeIsTooOld(process.versions.node)) {
  process.stderr.write(
    'workshop needs Node.js ' + MIN_NODE.join('.') + ' or newer; this is Node.js ' + process.versions.node + '.\n' +
      'Install the current LTS from https://nodejs.org (or run `nvm install --lts` / `fnm install --lts`), then try again.\n',
  );
  process.exit(1);
}

// A reader that stops early (`workshop --help | head`, `workshop report … | less` quit) closes the pipe:
// that is the reader being done, not an error to print with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

// `workshop --version` is answered here, without loading the CLI, so it stays as cheap as `node -e 0`.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = require('node:fs');
  const { join } = require('node:path');
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  process.stdout.write(pkg.version + '\n');
  process.exit(0);
}

import('../dist/src/cli/main.js').then(
  (cli) => cli.main(process.argv),
  (error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
      process.stderr.write('workshop is not built yet. Run `npm install` (or `npm run build`) in the codex-workshop folder, then try again.\n');
    } else {
      process.stderr.write('workshop could not start: ' + (error && error.message ? error.message : String(error)) + '\n');
    }
    process.exit(1);
  },
);
