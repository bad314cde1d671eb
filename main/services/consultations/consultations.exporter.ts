/**
 * Consultations in the Reports registry (and so in `npm run cli -- export consultations`
 * and the closing bundle): one row per meeting with its effective result — the same
 * `meetingRow` the consultations screen's own export writes, read from the same
 * `meetingResults`, so the two reconcile. The registry's writer does the CSV/XLSX.
 * No personal columns: a meeting names companies and institutions, not people.
 */
import type { Exporter } from '../reports/exporter.types';
import { MEETING_HEADER, meetingRow } from './consultations.export';
import { meetingResults } from './results.service';

/** "일정ID ID" → { ko: 일정ID, en: ID }: the header stays exactly as the screen's export writes it. */
const columns = MEETING_HEADER.map((h, i) => {
  const sp = h.indexOf(' ');
  return { key: `c${i}`, ko: h.slice(0, sp), en: h.slice(sp + 1), header: h };
});

export const consultationsExporters: readonly Exporter[] = [
  {
    name: 'consultations',
    title: { ko: '상담 결과 (상담별)', en: 'Consultations, one row per meeting' },
    columns,
    async *rows(q) {
      const results = await meetingResults({ db: q.db, clock: { now: () => q.now }, runtime: q.runtime }, null);
      // An amount stays a number (sums work in Excel); empty cells stay empty.
      for (const r of results) yield meetingRow(r).map((v, i) => (i === 11 && v !== '' ? Number(v) : v === '' ? null : v));
    },
  },
];
