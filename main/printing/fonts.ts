/**
 * Registers the bundled Korean font (Pretendard) with @napi-rs/canvas once per process,
 * so Hangul renders the same on every station whatever fonts the OS has. Packaged
 * apps carry it in resources/fonts (electron-builder.yml extraResources); development
 * and tests read it from node_modules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlobalFonts } from '@napi-rs/canvas';

export const BADGE_FONT = 'Pretendard';
const WEIGHTS = ['Regular', 'SemiBold', 'Bold', 'ExtraBold'] as const;

function candidateDirs(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  return [
    process.env.FAIRDESK_FONT_DIR,
    resources && path.join(resources, 'fonts'),
    // Source tree (tsx) and the bundled out/main/index.cjs both sit below the repo root.
    path.resolve(here, '../../node_modules/pretendard/dist/public/static'),
    path.resolve(here, '../../../node_modules/pretendard/dist/public/static'),
    path.resolve(process.cwd(), 'node_modules/pretendard/dist/public/static'),
  ].filter((d): d is string => !!d);
}

let registered: string | null = null;

/** The directory the font was loaded from; throws with every place looked at if none holds it. */
export function ensureBadgeFont(): string {
  if (registered) return registered;
  const dirs = candidateDirs();
  const dir = dirs.find((d) => fs.existsSync(path.join(d, 'Pretendard-Bold.otf')));
  if (!dir) throw new Error(`Pretendard font not found; looked in: ${dirs.join(', ')}`);
  for (const w of WEIGHTS) {
    const file = path.join(dir, `Pretendard-${w}.otf`);
    if (fs.existsSync(file)) GlobalFonts.registerFromPath(file, BADGE_FONT);
  }
  registered = dir;
  return dir;
}
