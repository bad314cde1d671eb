/**
 * The programme file's session columns (정원, 사전신청, 언어, 방식 is the programme's,
 * 접속링크, 연사, 집결지, 이수기준 — Korean or English headers, any order), read beside
 * the programme import and saved into session_details. Optional: a file without them
 * imports as before, and a column that is absent leaves what the console set alone.
 */
import type { Kysely } from 'kysely';
import { SESSION_LANGUAGES, type ProgrammeRejectedRow, type SessionLanguage } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import { cellAt, mapHeaders, readTable } from '../import/tabular';
import { patchDetails, type DetailsPatch } from './session-admin.service';
import { findSession } from './sessions.service';

const ALIASES = {
  capacity: ['정원', '수용인원', '좌석수', '인원', 'capacity', 'seats'],
  signup: ['사전신청', '사전신청필수', '신청필수', '사전등록필수', 'sign-up', 'signup', 'sign-up required', 'registration required'],
  languages: ['언어', '진행언어', '사용언어', 'language', 'languages'],
  streamUrl: ['접속링크', '참여링크', '스트리밍링크', '중계링크', '링크', 'stream link', 'join link', 'stream', 'link', 'url'],
  speakers: ['연사', '강사', '발표자', '연사명', 'speaker', 'speakers'],
  meetingPoint: ['집결지', '집결장소', '모이는곳', 'meeting point', 'gathering point'],
  minAttendance: ['이수기준', '최소출석률', '이수율', '출석기준', 'min attendance', 'minimum attendance', 'attendance required'],
} as const;
type Field = keyof typeof ALIASES;

const YES = new Set(['y', 'yes', 'o', '예', '네', '필수', '사전신청', 'true', '1', 'required']);
const NO = new Set(['n', 'no', 'x', '아니오', '아니요', '선택', '현장', '자유', 'false', '0', 'free', '-']);
const LANG: Record<string, SessionLanguage> = {
  한국어: 'ko', 국문: 'ko', 한: 'ko', 한글: 'ko', korean: 'ko',
  영어: 'en', 영문: 'en', 영: 'en', english: 'en',
  중국어: 'zh', 중: 'zh', chinese: 'zh', 일본어: 'ja', 일: 'ja', japanese: 'ja', 베트남어: 'vi', vietnamese: 'vi',
  스페인어: 'es', spanish: 'es', 프랑스어: 'fr', french: 'fr', 독일어: 'de', german: 'de', 러시아어: 'ru', russian: 'ru',
  아랍어: 'ar', arabic: 'ar', 인도네시아어: 'id', indonesian: 'id', 태국어: 'th', thai: 'th',
};
for (const l of SESSION_LANGUAGES) LANG[l] = l;

export interface SessionColumns {
  /** Per programme id: the fields the file has columns for. */
  byId: Map<string, DetailsPatch>;
  rejected: ProgrammeRejectedRow[];
  /** Header → field for the columns this module reads (the report lists them as mapped). */
  columns: Map<string, Field>;
}

function parseCell(f: Field, v: string): { ok: true; value: unknown } | { ok: false; reason: ProgrammeRejectedRow['reason'] } {
  switch (f) {
    case 'capacity': {
      if (/^(무제한|제한없음|unlimited|none)$/i.test(v)) return { ok: true, value: null };
      const m = v.replace(/[,\s]/g, '').match(/^(\d{1,6})(명|석|seats?|people)?$/i);
      return m && Number(m[1]) >= 1 ? { ok: true, value: Number(m[1]) } : { ok: false, reason: 'invalid_capacity' };
    }
    case 'signup': {
      const k = v.toLowerCase().replace(/\s+/g, '');
      return YES.has(k) ? { ok: true, value: true } : NO.has(k) ? { ok: true, value: false } : { ok: false, reason: 'invalid_signup' };
    }
    case 'languages': {
      const out: SessionLanguage[] = [];
      for (const piece of v.toLowerCase().split(/[,;/·+|\s]+/)) {
        if (!piece) continue;
        const l = LANG[piece];
        if (!l) return { ok: false, reason: 'invalid_language' };
        if (!out.includes(l)) out.push(l);
      }
      return { ok: true, value: out.slice(0, 6) };
    }
    case 'streamUrl':
      return /^https?:\/\/[^\s<>"]+$/i.test(v) && v.length <= 500 ? { ok: true, value: v } : { ok: false, reason: 'invalid_link' };
    case 'speakers':
    case 'meetingPoint':
      return { ok: true, value: v.replace(/\s+/g, ' ') };
    case 'minAttendance': {
      const m = v.replace(/\s/g, '').match(/^(\d{1,3})%?$/);
      return m && Number(m[1]) >= 1 && Number(m[1]) <= 100 ? { ok: true, value: Number(m[1]) } : { ok: false, reason: 'invalid_attendance' };
    }
  }
}

const FIELD_KEY: Record<Field, keyof DetailsPatch> = {
  capacity: 'capacity',
  signup: 'signupRequired',
  languages: 'languages',
  streamUrl: 'streamUrl',
  speakers: 'speakers',
  meetingPoint: 'meetingPoint',
  minAttendance: 'minAttendancePct',
};

/**
 * Reads the session columns of rows the programme import kept (`idByRow`: spreadsheet row
 * → 일정ID). Headers the programme import already mapped are left to it.
 */
export async function readSessionColumns(bytes: Buffer, fileName: string, taken: ReadonlySet<string>, idByRow: ReadonlyMap<number, string>): Promise<SessionColumns> {
  const table = await readTable(bytes, fileName);
  const free = table.headers.map((h) => (taken.has(h) ? '\u0000' : h));
  const { index } = mapHeaders<Field>(free, ALIASES);
  const fields = (Object.keys(ALIASES) as Field[]).filter((f) => index[f] !== undefined);
  const out: SessionColumns = { byId: new Map(), rejected: [], columns: new Map(fields.map((f) => [table.headers[index[f]!]!, f])) };
  if (fields.length === 0) return out;
  for (const r of table.rows) {
    const id = idByRow.get(r.rowNumber);
    if (!id) continue;
    const patch: DetailsPatch = {};
    let bad: ProgrammeRejectedRow | null = null;
    for (const f of fields) {
      const v = cellAt(r.cells, index[f]);
      if (!v) continue;
      if (v.length > 500) {
        bad = { row: r.rowNumber, reason: 'too_long', detail: f };
        break;
      }
      const p = parseCell(f, v);
      if (!p.ok) {
        bad = { row: r.rowNumber, reason: p.reason, detail: v.slice(0, 40) };
        break;
      }
      (patch as Record<string, unknown>)[FIELD_KEY[f]] = p.value;
    }
    if (bad) out.rejected.push(bad);
    else if (Object.keys(patch).length) out.byId.set(id, patch);
  }
  return out;
}

/** Saves the patches of the sessions now stored (consultations take no details). Returns the ids changed. */
export async function saveSessionColumns(db: Kysely<Database>, cols: SessionColumns, now: string): Promise<string[]> {
  const changed: string[] = [];
  for (const [id, patch] of cols.byId) {
    const s = await findSession(db, id);
    if (!s) continue;
    const before = JSON.stringify(s.details);
    const after = JSON.stringify({ ...s.details, ...patch });
    if (before === after) continue;
    await patchDetails(db, s, patch, now);
    changed.push(id);
  }
  return changed;
}
