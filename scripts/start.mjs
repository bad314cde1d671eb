#!/usr/bin/env node
// `npm start`: the Electron app when its binary is present (fetched now if the network
// allows), otherwise one clear line and the browser station server with its URL.
// Arguments pass through (e.g. npm start -- --data DIR --role kiosk).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const rel = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8');
    const bin = path.join(dir, 'dist', rel);
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function tryFetchElectron() {
  // electron's own installer (skipped at npm install: it downloads from GitHub).
  const dir = path.dirname(require.resolve('electron/package.json'));
  const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  return r.status === 0 ? electronBinary() : null;
}

function runBrowserStation(reason) {
  console.log(`FairDesk: ${reason} — starting the browser station instead.`);
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, path.join(root, 'main/server/serve.cli.ts'), ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

async function runElectron(bin) {
  const { buildAll } = await import('./build.mjs');
  await buildAll();
  const { electronBindingPath, buildElectronBinding } = await import('./native-electron.mjs');
  let binding = electronBindingPath();
  if (!fs.existsSync(binding)) {
    try {
      binding = buildElectronBinding();
    } catch {
      return runBrowserStation('better-sqlite3 could not be built for Electron (no network for its headers?)');
    }
  }
  const child = spawn(bin, [path.join(root, 'out/main/index.cjs'), ...args], {
    stdio: 'inherit',
    env: { ...process.env, FAIRDESK_SQLITE_BINDING: binding },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}

const forceBrowser = process.env.FAIRDESK_BROWSER === '1' || args.includes('--browser');
if (forceBrowser) {
  const i = args.indexOf('--browser');
  if (i >= 0) args.splice(i, 1);
  runBrowserStation('browser mode requested');
} else {
  const bin = electronBinary() ?? tryFetchElectron();
  if (bin) await runElectron(bin);
  else runBrowserStation('the Electron binary is not installed and could not be downloaded here');
}
