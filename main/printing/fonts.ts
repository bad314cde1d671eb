/**
 * The bundled fonts every badge, slip and receipt is drawn with, registered with
 * @napi-rs/canvas once per process so a name prints the same on every station whatever
 * fonts the OS has. One fallback chain, tried glyph by glyph:
 *
 *   Pretendard   Hangul, Latin with diacritics (Türkiye ğ ş İ, Vietnamese), Cyrillic, Greek
 *   FairDesk JP  Noto Sans JP, Shift-JIS subset: kana and Japanese kanji
 *   FairDesk SC  Noto Sans Hans, GB2312 subset: simplified Chinese
 *
 * Japanese comes before Chinese so a Japanese name keeps its own kanji forms; hanzi the
 * JIS subset lacks (张, 贸 …) come from the GB2312 one. Only the Bold weight of each
 * CJK font ships (≈ 4.7 MB + 8.6 MB in the installer): names and slips are drawn at 600+
 * weights, and lighter requests use the nearest weight.
 *
 * Packaged apps carry the files in resources/fonts (electron-builder.yml extraResources);
 * development and tests read them from node_modules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlobalFonts } from '@napi-rs/canvas';

/** A CSS font-family list for `ctx.font`: the chain above. */
export const BADGE_FONT = 'Pretendard, "FairDesk JP", "FairDesk SC"';
const WEIGHTS = ['Regular', 'SemiBold', 'Bold', 'ExtraBold'] as const;

/** The fallback fonts: family, file, and where the package keeps it in node_modules. */
export const FALLBACK_FONTS = [
  { family: 'FairDesk JP', file: 'NotoSansJP-Bold.otf', pkg: '@embedpdf/fonts-jp/fonts' },
  { family: 'FairDesk SC', file: 'NotoSansHans-Bold.otf', pkg: '@embedpdf/fonts-sc/fonts' },
] as const;

function roots(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Source tree (tsx) and the bundled out/main/index.cjs both sit below the repo root.
  return [path.resolve(here, '../../node_modules'), path.resolve(here, '../../../node_modules'), path.resolve(process.cwd(), 'node_modules')];
}

function candidateDirs(sub: string): string[] {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  return [process.env.FAIRDESK_FONT_DIR, resources && path.join(resources, 'fonts'), ...roots().map((r) => path.join(r, sub))].filter((d): d is string => !!d);
}

let registered: string | null = null;
let fallbackFiles: { family: string; file: string }[] = [];

/** The directory Pretendard was loaded from; throws with every place looked at if a font is missing. */
export function ensureBadgeFont(): string {
  if (registered) return registered;
  const dirs = candidateDirs('pretendard/dist/public/static');
  const dir = dirs.find((d) => fs.existsSync(path.join(d, 'Pretendard-Bold.otf')));
  if (!dir) throw new Error(`Pretendard font not found; looked in: ${dirs.join(', ')}`);
  for (const w of WEIGHTS) {
    const file = path.join(dir, `Pretendard-${w}.otf`);
    if (fs.existsSync(file)) GlobalFonts.registerFromPath(file, 'Pretendard');
  }
  for (const f of FALLBACK_FONTS) {
    const where = candidateDirs(f.pkg).map((d) => path.join(d, f.file));
    const file = where.find((p) => fs.existsSync(p));
    // A missing CJK font is a broken install: say so rather than print names without their letters.
    if (!file) throw new Error(`${f.family} font (${f.file}) not found; looked in: ${where.join(', ')}`);
    GlobalFonts.registerFromPath(file, f.family);
    fallbackFiles.push({ family: f.family, file });
  }
  registered = dir;
  return dir;
}

/** The fallback chain's font files (after Pretendard), in order: for documents that embed them (PDF, HTML). */
export function fallbackFontFiles(): readonly { family: string; file: string }[] {
  ensureBadgeFont();
  return fallbackFiles;
}

/**
 * The screens' CJK fallback: the same bundled files the printer uses, served at
 * /fonts/<file> (station server and app:// protocol) so the renderer's @font-face
 * (renderer/src/styles/app.css) needs no second copy in the build. Only the files of
 * FALLBACK_FONTS are answered; anything else is null.
 */
export function screenFontFile(name: string): string | null {
  if (!FALLBACK_FONTS.some((f) => f.file === name)) return null;
  return fallbackFontFiles().find((f) => path.basename(f.file) === name)?.file ?? null;
}
