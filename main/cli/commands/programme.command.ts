import { openCliStation } from '../cli-station';
import { readImportFile } from './import-file';
import type { CliCommand } from './index';

export const programmeCommand: CliCommand = {
  words: ['import', 'programme'],
  usage: 'import programme FILE [--dry-run] [--data DIR] [--db URL]',
  doc: 'Import the programme and consultation schedule (CSV/XLSX, Korean headers); updates by 일정ID.',
  async run(rest, flags) {
    const file = readImportFile(rest[0], 'import programme FILE --data DIR');
    if (typeof file === 'number') return file;
    const station = await openCliStation(flags);
    try {
      const input = { fileName: file.fileName, dataBase64: file.bytes.toString('base64') };
      const r = await station.invoke(flags['dry-run'] ? 'programme.import.preview' : 'programme.import.commit', input);
      if (!r.ok) {
        const reason = (r.error.details as { reason?: string } | undefined)?.reason;
        throw new Error(`${r.error.message}${reason ? ` (${reason})` : ''}`);
      }
      const v = r.value;
      console.log(
        `${v.applied ? 'imported' : 'checked (dry run)'} ${v.fileName} (${v.format}, ${v.encoding}): ${v.totalRows} rows — ` +
          `${v.inserted} new, ${v.updated} updated, ${v.unchanged} unchanged, ${v.rejectedTotal} rejected; ` +
          `${v.consultations} consultations at ${v.tables} tables/booths, ${v.sessions} sessions; days ${v.days.join(', ')}`,
      );
      // Arrivals are matched by badge code only for meetings whose file lists codes; say how many do.
      console.log(
        v.codes.consultations > 0
          ? `participant codes: ${v.codes.consultations} of ${v.consultations} consultations list them; ${v.codes.registered} of ${v.codes.listed} codes are registered (arrivals matched by badge code)`
          : 'participant codes: none in this file — arrivals are matched by organisation name (참가 코드 없음: 소속명으로 확인)',
      );
      for (const x of v.rejected) console.log(`  row ${x.row}: ${x.reason}${x.detail ? ` (${x.detail})` : ''}${x.firstRow ? ` — see row ${x.firstRow}` : ''}`);
      return 0;
    } finally {
      await station.close();
    }
  },
};
