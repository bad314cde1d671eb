/**
 * The A6 paper badge for office laser printers (colour band, large name, QR): one HTML
 * page shared by Electron's webContents.print/printToPDF (main/electron/paper-badge.ts)
 * and the tests, which render it in Chromium. The bundled fonts are embedded (Pretendard,
 * and for Han or kana the chain's Noto Sans JP and Hans), so no name depends on the
 * fonts of the PC at the desk.
 */
import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import type { BadgeData } from './badge.render';
import { formatDays, printableText } from './badge.render';
import { categoryTemplate } from './badge.templates';
import type { BadgeDesign } from '../../contract/index';
import { categoryDesign, DEFAULT_BADGE_DESIGN } from './badge.design';
import { ensureBadgeFont, fallbackFontFiles } from './fonts';

let fontCss: string | null = null;
function embeddedFontCss(): string {
  if (fontCss) return fontCss;
  const dir = ensureBadgeFont();
  fontCss = (
    [
      ['Regular', 400],
      ['ExtraBold', 800],
    ] as const
  )
    .map(([w, n]) => {
      const data = fs.readFileSync(path.join(dir, `Pretendard-${w}.otf`)).toString('base64');
      return `@font-face{font-family:'BadgeFont';font-weight:${n};src:url(data:font/otf;base64,${data}) format('opentype');}`;
    })
    .join('\n');
  return fontCss;
}

/**
 * Han and kana: Pretendard has none, and an office PC may have no CJK font either (or
 * one that draws 王芳 in another style). The badge chain's Noto Sans JP and Hans then
 * come along — only on a badge whose text needs them (they are large: ≈ 6 + 11 MB as
 * base64), and limited by unicode-range to CJK, so Hangul and Latin stay in Pretendard.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
const CJK_RANGE = 'U+2E80-2FDF, U+3000-30FF, U+31F0-31FF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FF00-FFEF, U+20000-2FA1F';
let cjkCss: string | null = null;
function embeddedCjkCss(): string {
  if (cjkCss) return cjkCss;
  cjkCss = fallbackFontFiles()
    .map((f, i) => {
      const data = fs.readFileSync(f.file).toString('base64');
      // Only the Bold weight ships: it stands in for every weight the page asks for.
      return `@font-face{font-family:'BadgeFont ${i + 1}';font-weight:100 900;unicode-range:${CJK_RANGE};src:url(data:font/otf;base64,${data}) format('opentype');}`;
    })
    .join('\n');
  return cjkCss;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A complete HTML document: one A6 portrait page (105 × 148 mm). */
export async function paperBadgeHtml(data: BadgeData, design: BadgeDesign = DEFAULT_BADGE_DESIGN): Promise<string> {
  const cd = categoryDesign(design, data.category);
  // The band's colour is the event's (badge-data.ts put the event's category in data.band).
  const t = data.band ?? categoryTemplate(data.category);
  const name = printableText(data.nameKo) || printableText(data.nameEn) || data.code;
  const fields = cd.fields;
  const en = printableText(data.nameEn);
  const english = fields.includes('englishName') && en.toLowerCase() !== name.toLowerCase() ? en : '';
  // The lines under the name, as on the thermal badge (the design's fields, in order).
  const more = fields
    .map((f) => (f === 'organisation' ? data.organisation : f === 'title' ? data.title : f === 'country' ? data.country : null))
    .map((v) => printableText(v))
    .filter(Boolean);
  const eventName = printableText(design.headerText) || printableText(data.eventName);
  const qr = await QRCode.toString(data.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  // Long names shrink: the name box is 95 mm wide; ~1 em per Hangul syllable or Han character.
  const nameMm = Math.max(8, Math.min(20, 90 / Math.max(1, Array.from(name).length * (/[\u3131-\uD79D]/.test(name) || CJK.test(name) ? 1 : 0.55))));
  const label = t.labelKo === t.labelEn ? t.labelKo : `${t.labelKo} · ${t.labelEn}`;
  const cjk = CJK.test([name, english, eventName, ...more].join(''));
  const families = ["'BadgeFont'", ...(cjk ? fallbackFontFiles().map((_, i) => `'BadgeFont ${i + 1}'`) : []), 'sans-serif'].join(', ');
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>${esc(data.code)}</title>
<style>
${embeddedFontCss()}
${cjk ? embeddedCjkCss() : ''}
@page { size: 105mm 148mm; margin: 0; } /* A6; Chromium knows no "A6" keyword */
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: ${families}; color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { width: 105mm; height: 148mm; display: flex; flex-direction: column; overflow: hidden; }
.head { padding: 6mm 6mm 3mm; text-align: center; border-bottom: 0.4mm solid #111; margin: 0 5mm; }
.logo { display: block; margin: 0 auto 2mm; max-width: 60mm; max-height: 12mm; }
.event { font-weight: 800; font-size: 5mm; }
.days { font-size: 3.6mm; margin-top: 1mm; }
.who { flex: 1; display: flex; flex-direction: column; justify-content: center; align-items: center; text-align: center; padding: 0 5mm; }
.name { font-weight: 800; font-size: ${nameMm.toFixed(1)}mm; line-height: 1.15; word-break: keep-all; overflow-wrap: anywhere; }
.en { font-weight: 800; font-size: 6mm; margin-top: 1.5mm; }
.org { font-size: 5mm; margin-top: 2mm; }
.qr { display: flex; flex-direction: column; align-items: center; margin-bottom: 3mm; }
.qr svg { width: 34mm; height: 34mm; }
.code { font-size: 3.4mm; letter-spacing: 0.2mm; }
.band { height: 20mm; display: flex; align-items: center; justify-content: center; font-weight: 800; font-size: 7mm;
  background: ${t.band === 'outline' ? '#fff' : t.colour}; color: ${t.band === 'outline' ? t.colour : '#fff'};
  border: ${t.band === 'outline' ? `1.2mm solid ${t.colour}` : 'none'}; }
</style></head>
<body><div class="page" data-code="${esc(data.code)}">
<div class="head">${design.logoPng && /^[A-Za-z0-9+/=]+$/.test(design.logoPng) ? `<img class="logo" alt="" src="data:image/png;base64,${design.logoPng}">` : ''}<div class="event">${esc(eventName)}</div><div class="days">${esc(formatDays(data.eventDays))}</div></div>
<div class="who"><div class="name">${esc(name)}</div>${english ? `<div class="en">${esc(english)}</div>` : ''}${more.map((v) => `<div class="org">${esc(v)}</div>`).join('')}</div>
<div class="qr">${qr}<div class="code">${esc(data.code)}</div></div>
<div class="band">${esc(label)}</div>
</div></body></html>`;
}
