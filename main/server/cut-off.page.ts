/**
 * The page a browser gets when it (re)loads a station that refuses it for good (issue 11):
 * its device was revoked, or the station retired. The renderer is not served to it, so
 * this small page says why in Korean with English beside it — instead of the JSON the
 * API answers (scripts and tests, which do not ask for HTML, still get that).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ensureBadgeFont } from '../printing/fonts';

/**
 * The page's Korean font (the bundled Pretendard the badges print with): a refused browser
 * gets no renderer assets, and a machine without a Korean system font would show boxes.
 * Only this one public font file is answered to a refused device, nothing else.
 */
export const CUT_OFF_FONT_PATH = '/cut-off/font.otf';

const TEXT = {
  device_revoked: {
    ko: ['이 기기는 차단되었습니다', '관리자가 이 기기의 접속을 차단했습니다. 다시 쓰려면 관리자에게 새 접속 주소를 받으세요.'],
    en: ['This device was revoked by an admin', 'An admin cut this device off. To use it again, ask the admin for a new pairing address.'],
  },
  station_retired: {
    ko: ['이 스테이션은 사용 중지되었습니다', '관리자가 이 스테이션을 사용 중지했습니다. 관리자에게 문의하세요.'],
    en: ['This station was retired by an admin', 'An admin retired this station. Ask the admin.'],
  },
} as const;

export function sendCutOffFont(res: ServerResponse): void {
  let file: string;
  try {
    file = path.join(ensureBadgeFont(), 'Pretendard-Bold.otf');
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('no font');
    return;
  }
  res.writeHead(200, { 'content-type': 'font/otf', 'cache-control': 'public, max-age=86400', 'content-length': String(fs.statSync(file).size) });
  fs.createReadStream(file).pipe(res);
}

/** A browser's page load (not an API call or a script): it asks for HTML. */
export function wantsPage(req: IncomingMessage, pathname: string): boolean {
  return req.method === 'GET' && !pathname.startsWith('/api/') && /text\/html/.test(req.headers.accept ?? '');
}

export function sendCutOffPage(res: ServerResponse, code: keyof typeof TEXT): void {
  const { ko, en } = TEXT[code];
  const html = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${ko[0]} · ${en[0]}</title>
<style>@font-face{font-family:FairDeskCutOff;src:url('${CUT_OFF_FONT_PATH}') format('opentype')}body{font-family:FairDeskCutOff,system-ui,sans-serif;background:#f4f5f9;margin:0}main{max-width:760px;margin:12vh auto;padding:32px 40px;background:#fff;border:3px solid #b91c1c;border-radius:16px;font-size:22px;line-height:1.5;word-break:keep-all}h1{color:#b91c1c;font-size:30px;margin:0}.en{color:#555;font-size:20px}</style></head>
<body><main role="alert" data-code="${code}"><h1>${ko[0]}</h1><p class="en"><b>${en[0]}</b></p><p>${ko[1]}</p><p class="en">${en[1]}</p></main></body></html>`;
  res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}
