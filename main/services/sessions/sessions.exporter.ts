/**
 * Sessions in the Reports registry: attendance of every session of every day (one row
 * per person per session, with minutes, % and completion), from the same `attendanceOf`
 * the session screen's export and certificates use. Names and organisations are
 * personal columns: only an admin's export carries them.
 */
import type { Exporter } from '../reports/exporter.types';
import { attendanceOf } from './attendance.service';
import { CONSULTATION_KINDS, sessionsOfDay } from './sessions.service';

export const sessionsExporters: readonly Exporter[] = [
  {
    name: 'sessions',
    title: { ko: '세션 출석 (세션 × 참석자)', en: 'Sessions: attendance per session and person' },
    columns: [
      { key: 'session', ko: '세션ID', en: 'Session' },
      { key: 'title', ko: '세션', en: 'Title' },
      { key: 'day', ko: '일자', en: 'Day' },
      { key: 'code', ko: '등록번호', en: 'Code' },
      { key: 'name', ko: '성명', en: 'Name', personal: true },
      { key: 'nameEn', ko: '영문성명', en: 'Name (EN)', personal: true },
      { key: 'organisation', ko: '소속', en: 'Organisation', personal: true },
      { key: 'minutes', ko: '참석 분', en: 'Minutes' },
      { key: 'pct', ko: '참석률 %', en: 'Attendance %' },
      { key: 'completed', ko: '이수', en: 'Completed' },
    ],
    async *pages(q) {
      const days = await q.db.selectFrom('programme_items').select('day').distinct().where('kind', 'not in', CONSULTATION_KINDS).orderBy('day').execute();
      const now = q.now.getTime();
      for (const { day } of days) {
        // One session a page: a day's attendance is never all in memory at once.
        for (const s of await sessionsOfDay(q.db, day)) {
          const a = await attendanceOf(q.db, s, now);
          if (a.rows.length) yield a.rows.map((r) => [a.sessionId, a.title, a.day, r.code, r.nameKo, r.nameEn, r.organisation, r.minutes, r.pct, r.completed ? 'Y' : 'N']);
        }
      }
    },
  },
];
