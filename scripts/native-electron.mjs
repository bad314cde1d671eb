#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into native/electron-<version>/, leaving
// node_modules' copy (Node's ABI, used by tests, the CLI and the browser station)
// untouched: the app and the tests never fight over one binary. Needs the network
// (Electron's headers); run by `npm start` when Electron is present, and by `npm run dist`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export function electronVersion() {
  return require('electron/package.json').version;
}

export function electronBindingPath() {
  return path.join(root, 'native', `electron-${electronVersion()}`, 'better_sqlite3.node');
}

export function buildElectronBinding() {
  const version = electronVersion();
  const src = path.dirname(require.resolve('better-sqlite3/package.json'));
  // Build in a scratch copy so node_modules/better-sqlite3/build stays Node's.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fairdesk-bsql-'));
  fs.cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  execFileSync(process.execPath, [nodeGyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], {
    cwd: work,
    stdio: 'inherit',
  });
  const out = electronBindingPath();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), out);
  fs.rmSync(work, { recursive: true, force: true });
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = buildElectronBinding();
  console.log(`FairDesk: better-sqlite3 for Electron ${electronVersion()} → ${path.relative(root, out)}`);
}
