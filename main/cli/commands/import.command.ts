/**
 * `npm run cli -- import registrations FILE --data DIR [--db URL] [--dry-run]`
 * The same preview + commit the import screen runs, for a terminal: counts, rejected
 * rows (row + reason in Korean and English), time taken. Exit 0 on success; 1 with one
 * line when the file is missing, unreadable or refused.
 */
import type { ImportFailureDetails, RejectReason } from '../../../contract/index';
import { openCliStation } from '../cli-station';
import { importRegistrationsFile } from '../../services/import/import.handlers';
import { readImportFile } from './import-file';
import type { CliCommand } from './index';

/** Reason texts for the terminal (the screen has its own in renderer/src/i18n/dict/import.ts). */
const REASONS: Record<RejectReason, string> = {
  missing_code: '등록번호 없음 / missing registration code',
  missing_name: '성명 없음 / missing name',
  invalid_code: '등록번호 형식 오류 / invalid registration code',
  duplicate_in_file: '파일 안에서 중복 / duplicate in file',
  too_long: '값이 너무 김 (200자 초과) / value too long (over 200 characters)',
  invalid_days: '참가일자 오류 / invalid days',
  invalid_category: '알 수 없는 구분 / unknown category',
  invalid_phone: '휴대폰 번호 오류 / invalid phone',
  invalid_email: '이메일 오류 / invalid e-mail',
  invalid_row: '읽을 수 없는 행 / unreadable row',
};

const FAILURES: Record<ImportFailureDetails['reason'], string> = {
  empty_file: '빈 파일입니다 / the file is empty',
  not_a_table: 'CSV 또는 XLSX 파일이 아닙니다 / not a CSV or XLSX file',
  xls_not_supported: '예전 Excel(.xls) 형식입니다. .xlsx 또는 CSV로 저장하세요 / old .xls format: save as .xlsx or CSV',
  unreadable_xlsx: 'XLSX 파일을 읽을 수 없습니다 / unreadable XLSX workbook',
  no_rows: '데이터 행이 없습니다 / no data rows',
  missing_columns: '필수 열이 없습니다 / required columns missing',
  too_large: '파일이 너무 큽니다 / file too large',
  expired: '가져오기가 만료되었습니다 / import expired',
  nul_in_text: '파일에 NUL 문자가 있습니다. 지우고 다시 저장하세요 / a NUL character in the file: remove it and save again',
  mixed_encoding: 'UTF-8과 다른 인코딩이 섞여 있습니다. 한 가지로 다시 저장하세요 / UTF-8 mixed with another encoding: save it again in one',
};

const FIELD_LABELS: Record<string, string> = { code: '등록번호 (registration no.)', nameKo: '성명 (name)' };

function failureLine(e: unknown): string {
  const d = (e as { details?: ImportFailureDetails }).details;
  if (d?.reason === 'missing_columns') {
    return `${FAILURES.missing_columns}: ${(d.missing ?? []).map((f) => FIELD_LABELS[f] ?? f).join(', ')} — found: ${(d.found ?? []).join(', ')}`;
  }
  if (d?.reason && d.reason in FAILURES) return d.line ? `${FAILURES[d.reason]} (${d.line}행 / line ${d.line})` : FAILURES[d.reason];
  return String((e as Error)?.message ?? e);
}

export const importCommand: CliCommand = {
  words: ['import', 'registrations'],
  usage: 'import registrations FILE [--data DIR] [--db URL] [--dry-run]',
  doc: 'Import the organiser’s pre-registration export (CSV UTF-8/CP949 or XLSX); re-import updates by registration code.',
  async run(rest, flags) {
    const file = readImportFile(rest[0], 'import registrations FILE --data DIR');
    if (typeof file === 'number') return file;
    const station = await openCliStation(flags);
    try {
      const dryRun = flags['dry-run'] === true;
      let res;
      try {
        res = await importRegistrationsFile(station, file.bytes, file.fileName, { dryRun });
      } catch (e) {
        console.error(`FairDesk: ${failureLine(e)}`);
        return 1;
      }
      const p = res.preview;
      console.log(`${p.fileName}: ${p.format.toUpperCase()}, ${p.encoding} — ${p.totalRows} rows`);
      console.log(`columns: ${p.columns.map((c) => `${c.header}→${c.field ?? '-'}`).join(', ')}`);
      if (res.summary) {
        const s = res.summary;
        console.log(`inserted ${s.inserted} · updated ${s.updated} · unchanged ${s.unchanged}${s.purged ? ` · skipped (purged) ${s.purged}` : ''} · rejected ${s.rejected}  (신규 ${s.inserted} · 변경 ${s.updated} · 동일 ${s.unchanged}${s.purged ? ` · 파기됨 ${s.purged}` : ''} · 제외 ${s.rejected})`);
      } else {
        console.log(`dry run — would insert ${p.newCount} · update ${p.updateCount} · reject ${p.rejectedTotal} (저장하지 않음)`);
      }
      for (const r of p.rejected) {
        const extra = r.firstRow ? ` (= row ${r.firstRow})` : '';
        console.log(`  row ${r.row}: ${REASONS[r.reason]}${r.detail ? ` — ${r.detail}` : ''}${extra}`);
      }
      if (p.rejectedTotal > p.rejected.length) console.log(`  … ${p.rejectedTotal - p.rejected.length} more rejected rows`);
      console.log(`time: ${((res.parseMs + res.applyMs) / 1000).toFixed(2)} s (read ${Math.round(res.parseMs)} ms, apply ${Math.round(res.applyMs)} ms)`);
      return 0;
    } finally {
      await station.close();
    }
  },
};
