/**
 * Bulk sign-ups (a tour's list from the organiser, a training's enrolment): a CSV/XLSX with
 * 일정ID and 등록번호, read by the shared tabular reader. Rows go in file order through the
 * same sign-up as the desk (so the waitlist order is the file's), each with a nonce derived
 * from the import's, so re-sending the same import adds nothing.
 */
import type { HandlerCtx } from '../../core/router';
import { cellAt, importFailure, mapHeaders, readTable } from '../import/tabular';
import { signUp } from './signup.service';

const ALIASES = {
  session: ['일정ID', '일정번호', '세션ID', '프로그램ID', 'session id', 'session', 'schedule id'],
  code: ['등록번호', '등록코드', '참가자코드', 'registration code', 'registration no', 'code', 'badge code'],
} as const;

export async function importSignups(ctx: HandlerCtx, input: { fileName: string; dataBase64: string; nonce: string }) {
  const table = await readTable(Buffer.from(input.dataBase64, 'base64'), input.fileName);
  const { index } = mapHeaders(table.headers, ALIASES);
  const missing = (['session', 'code'] as const).filter((f) => index[f] === undefined);
  if (missing.length) throw importFailure('missing_columns', `${input.fileName} lacks ${missing.join(', ')}`, { missing, found: table.headers.slice(0, 30) });
  const out = { rows: table.rows.length, confirmed: 0, waitlisted: 0, already: 0, refused: [] as { row: number; status: string; detail?: string }[] };
  for (const r of table.rows) {
    const sessionId = cellAt(r.cells, index.session).slice(0, 64);
    const code = cellAt(r.cells, index.code).slice(0, 200);
    if (!sessionId || !code) {
      out.refused.push({ row: r.rowNumber, status: 'missing' });
      continue;
    }
    try {
      const o = await signUp(ctx, { nonce: `${input.nonce}-${r.rowNumber}`, sessionId, code });
      if (o.status === 'confirmed' || o.status === 'waitlisted') {
        if (o.already) out.already++;
        else if (o.status === 'confirmed') out.confirmed++;
        else out.waitlisted++;
      } else out.refused.push({ row: r.rowNumber, status: o.status, ...(o.status === 'overlap' ? { detail: o.otherId } : {}) });
    } catch (e) {
      // An unknown 일정ID: refused by row, the rest still go in.
      if ((e as { code?: string }).code === 'not_found') out.refused.push({ row: r.rowNumber, status: 'unknown_session', detail: sessionId.slice(0, 40) });
      else throw e;
    }
  }
  out.refused = out.refused.slice(0, 500);
  ctx.audit(null, { fileName: input.fileName.slice(0, 80), rows: out.rows, confirmed: out.confirmed, waitlisted: out.waitlisted, refused: out.refused.length });
  return out;
}
