/**
 * Makes sure the built renderer exists and is not older than its sources, building it
 * with Vite when needed — so `npm start` / `npm run serve` work straight after install.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RENDERER_OUT = path.join(REPO_ROOT, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function rendererIsStale(): boolean {
  const index = path.join(RENDERER_OUT, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  const sources = Math.max(
    newestMtime(path.join(REPO_ROOT, 'renderer')),
    newestMtime(path.join(REPO_ROOT, 'contract')),
    fs.statSync(path.join(REPO_ROOT, 'vite.config.ts')).mtimeMs,
  );
  return sources > built;
}

export async function ensureRendererBuilt(log: (s: string) => void = () => undefined): Promise<string> {
  if (rendererIsStale()) {
    log('building the station screens (first start or sources changed)…');
    const { build } = await import('vite');
    await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  }
  return RENDERER_OUT;
}
