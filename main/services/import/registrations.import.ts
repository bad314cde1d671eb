/**
 * The organiser's pre-registration export → VisitorInput rows + rejected rows.
 * Pure (no database): the handlers stage the result, count new/updated against the
 * database and apply it with upsertVisitors.
 *
 * Real exports come in any column order, with Korean or English headers, and dirty
 * cells; every row that cannot be stored as it should is rejected with a reason code
 * and its spreadsheet row number, never silently changed into something else.
 */
// The contract's small modules, not its index: this file also runs in the parse worker, which should not load every channel.
import type { Category } from '../../../contract/common.schema';
import { DEFAULT_CATEGORIES, type CategorySetup } from '../../../contract/event.channels';
import type { RejectedRow, RejectReason } from '../../../contract/import.channels';
import { normalizeScannedCode } from '../checkin/scan-code';
import type { VisitorInput } from '../visitors/visitor-write.service';
import { cellAt, importFailure, mapHeaders, readTable, type HeaderMapping } from './tabular';

export type RegistrationField =
  | 'code'
  | 'nameKo'
  | 'nameEn'
  | 'organisation'
  | 'title'
  | 'category'
  | 'phone'
  | 'email'
  | 'country'
  | 'days'
  | 'consent';

/** Header aliases, matched after normalisation (case, spaces, hyphens, brackets). */
export const REGISTRATION_ALIASES: Record<RegistrationField, readonly string[]> = {
  code: ['등록번호', '등록코드', '접수번호', '바코드', 'code', 'registration no', 'registration number', 'registration code', 'reg no', 'reg code', 'badge code', 'barcode'],
  nameKo: ['성명', '이름', '성명(국문)', '국문성명', '한글성명', '한글이름', 'name', 'full name', 'name (korean)', 'korean name'],
  nameEn: ['영문성명', '영문이름', '영문명', '성명(영문)', '이름(영문)', 'english name', 'name (english)', 'name in english', 'name en'],
  organisation: ['소속기관', '소속', '기관명', '회사명', '업체명', '기관', '회사', 'organisation', 'organization', 'company', 'affiliation', 'institution'],
  title: ['직위', '직급', '직책', 'title', 'position', 'job title'],
  category: ['구분', '참가구분', '참관구분', '유형', '분류', 'category', 'type', 'visitor type', 'attendee type'],
  phone: ['휴대폰', '휴대전화', '휴대폰번호', '휴대전화번호', '핸드폰', '연락처', '전화번호', 'phone', 'mobile', 'mobile phone', 'cell phone', 'phone number', 'tel'],
  email: ['이메일', '전자우편', '메일', 'e-mail', 'email', 'email address', 'mail'],
  country: ['국가', '국적', 'country', 'nationality'],
  days: ['참가일자', '참가일', '참관일', '참관일자', '방문일', '방문일자', 'days', 'day', 'date', 'dates', 'attendance days', 'registered days', 'visit date'],
  consent: ['개인정보동의', '개인정보수집동의', '개인정보 수집·이용 동의', '동의', '동의여부', 'consent', 'privacy consent', 'gdpr', 'agree'],
};

const HANGUL = /[\u3131-\u318e\uac00-\ud7a3]/;

/** Without these columns there is nothing to import: the file is refused whole. */
const REQUIRED: RegistrationField[] = ['code', 'nameKo'];

/** Longest value stored from a cell (the contract's ShortText); longer is a broken row, not a name. */
export const MAX_CELL = 200;

const fold = (s: string) => s.normalize('NFC').toLowerCase().replace(/[\s_\-.·/()]+/g, '');

/** Other ways exports write the starting categories (used only while the event has that category). */
const CATEGORY_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  visitor: ['일반참관객', '일반', '참관객', '일반관람객', '관람객', 'visitor', 'general', 'general visitor', 'attendee'],
  public_buyer: ['공공기관 구매담당', '공공기관', '공공구매', '공공기관구매담당자', 'public buyer', 'public procurement'],
  corporate_buyer: ['대기업 구매담당', '대기업', '대기업구매담당자', 'corporate buyer', 'corporate'],
  foreign_buyer: ['해외바이어', '해외 구매자', '바이어', 'foreign buyer', 'overseas buyer', 'buyer', 'international buyer'],
  exhibitor: ['출품기업', '출품사', '참가기업', '출품업체', 'exhibitor', 'exhibitor staff'],
  press: ['프레스', '언론', '기자', '언론사', 'press', 'media', 'journalist'],
  vip: ['VIP', '귀빈', '내빈', 'v.i.p'],
  staff: ['운영요원', '운영', '스태프', '운영진', 'staff', 'organiser', 'organizer'],
};

/** A category as the import knows it: its id and the event's KO/EN labels. */
export type ImportCategory = Pick<CategorySetup, 'id' | 'ko' | 'en'>;

/**
 * 구분 cell → the event's category id: the event's own labels (KO/EN) and ids first,
 * then the usual ways exports write a starting category the event still has. A label
 * the event does not know is null (the row is rejected, never filed as a visitor).
 * An empty cell is a visitor (or the event's first category when it has no visitors).
 */
export function categoryParser(categories: readonly ImportCategory[] = DEFAULT_CATEGORIES): (raw: string) => Category | null {
  const ids = new Set(categories.map((c) => c.id));
  const labels = new Map<string, Category>();
  for (const [id, words] of Object.entries(CATEGORY_SYNONYMS)) if (ids.has(id)) for (const w of words) labels.set(fold(w), id);
  for (const c of categories) for (const w of [c.ko, c.en, c.id]) labels.set(fold(w), c.id);
  const blank = ids.has('visitor') ? 'visitor' : (categories[0]?.id ?? null);
  return (raw) => (raw ? (labels.get(fold(raw)) ?? null) : blank);
}

/** With the starting categories (tests and callers without an event). */
export function parseCategory(raw: string): Category | null {
  return defaultParser(raw);
}
const defaultParser = categoryParser();

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ALL_DAYS = new Set(['전일', '전체', '전기간', '전일정', '모두', 'all', 'alldays', 'all days']);

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null; // 2/30
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A day written without its year ('4/13', '4월 13일', '13 Apr') is the configured event
 * day with that month and day (so a fair across New Year reads right); else that day in
 * the event's first year (and the caller refuses it as not a fair day).
 */
function onEventDay(eventDays: string[], year: number, month: number, day: number): string | null {
  return eventDays.find((e) => +e.slice(5, 7) === month && +e.slice(8, 10) === day) ?? iso(year, month, day);
}

/** One written day → ISO day ('2026-05-20', '2026.5.20', '5/20', '5월 20일', '20일', '20 May', 'May 20', '2일차', Excel serial), or null. */
function parseDay(token: string, year: number, eventDays: string[]): string | null {
  const t = token.replace(/\([^)]*\)/g, '').trim(); // "4/13(수)"
  let m: RegExpMatchArray | null;
  if ((m = t.match(/^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?(?:[ T].*)?$/))) return iso(+m[1]!, +m[2]!, +m[3]!);
  if ((m = t.match(/^(\d{1,2})\s*[/.-]\s*(\d{1,2})$/))) return onEventDay(eventDays, year, +m[1]!, +m[2]!);
  if ((m = t.match(/^(\d{1,2})\s*월\s*(\d{1,2})\s*일?$/))) return onEventDay(eventDays, year, +m[1]!, +m[2]!);
  // "13일": the fair day with that date (days of one fair rarely share a day of the month).
  if ((m = t.match(/^(\d{1,2})\s*일$/))) return eventDays.find((e) => +e.slice(8, 10) === +m![1]!) ?? null;
  if ((m = t.match(/^(\d{1,2})(?:st|nd|rd|th)?\s*([a-z]{3})[a-z]*\.?,?(?:\s*(\d{4}))?$/i))) {
    const mi = MONTHS.indexOf(m[2]!.toLowerCase());
    return mi < 0 ? null : m[3] ? iso(+m[3], mi + 1, +m[1]!) : onEventDay(eventDays, year, mi + 1, +m[1]!);
  }
  if ((m = t.match(/^([a-z]{3})[a-z]*\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?(?:\s*(\d{4}))?$/i))) {
    const mi = MONTHS.indexOf(m[1]!.toLowerCase());
    return mi < 0 ? null : m[3] ? iso(+m[3], mi + 1, +m[2]!) : onEventDay(eventDays, year, mi + 1, +m[2]!);
  }
  if ((m = t.match(/^(\d)\s*일차$/) ?? t.match(/^day\s*(\d)$/i))) return eventDays[+m[1]! - 1] ?? null;
  if (/^\d{5}$/.test(t)) {
    // An Excel date serial that lost its date format (days since 1899-12-30).
    const d = new Date(Date.UTC(1899, 11, 30) + Number(t) * 86_400_000);
    return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  return null;
}

/**
 * Registered days as written in the export → sorted ISO days. Days without a year use
 * the event's year. An empty cell means the whole fair, as does "전일"/"all"; a day
 * that cannot be read or is not an event day makes the cell invalid (`bad` holds it).
 */
export function parseDays(raw: string, eventDays: string[]): { days: string[] } | { bad: string } {
  if (!raw || ALL_DAYS.has(fold(raw))) return { days: [...eventDays] };
  const year = Number(eventDays[0]?.slice(0, 4)) || new Date().getUTCFullYear();
  const out = new Set<string>();
  // ';' ',' '|' and line breaks separate days; so do spaces between "4/13 4/14" (but not inside "13 Apr").
  const tokens = raw.split(/[;,|\n\r]+|\s+(?=\d{1,2}\s*[/.-]\s*\d|\d{4}\s*[-./]|\d{1,2}\s*월)/);
  for (const tok of tokens) {
    const t = tok.trim();
    if (!t) continue;
    const day = parseDay(t, year, eventDays);
    if (!day || (eventDays.length && !eventDays.includes(day))) return { bad: t.slice(0, 40) };
    out.add(day);
  }
  return out.size ? { days: [...out].sort() } : { days: [...eventDays] };
}

const PLACEHOLDERS = new Set(['-', '--', '.', '없음', '미기재', '해당없음', 'n/a', 'na', 'none', 'null', 'x']);
const isPlaceholder = (s: string) => PLACEHOLDERS.has(s.toLowerCase());

/**
 * Phone as stored: Korean mobiles in one shape (010-1234-5678), others as written.
 * Excel keeps phone numbers typed as numbers without their leading 0
 * (1012345678, "10-1234-5678"): a number that is clearly a Korean mobile gets it back.
 */
export function normalizePhone(raw: string): string | null | false {
  if (!raw || isPlaceholder(raw)) return null;
  if (raw.length > 30 || !/^[0-9+\-() .]+$/.test(raw)) return false;
  if (raw.startsWith('+')) return raw;
  let digits = raw.replace(/\D/g, '');
  if (/^1[016789]\d{7,8}$/.test(digits)) digits = '0' + digits;
  const m = digits.match(/^(01[016789])(\d{3,4})(\d{4})$/);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  return digits.length >= 4 ? raw : false;
}

export function normalizeEmail(raw: string): string | null | false {
  if (!raw || isPlaceholder(raw)) return null;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw) ? raw : false;
}

const CONSENT_YES = new Set(['y', 'yes', 'o', '예', '네', '동의', '동의함', 'true', '1', 'agree', 'agreed', 'v', '✓', '○']);

// Most cells are already clean: printable ASCII and Hangul syllables, single spaces.
const ALREADY_CLEAN = /^[\x21-\x7e\uac00-\ud7a3]+(?: [\x21-\x7e\uac00-\ud7a3]+)*$/;
/** Trimmed, NFC, control characters and inner runs of spaces folded: "  홍길동  " → "홍길동". */
const clean = (s: string) =>
  // eslint-disable-next-line no-control-regex
  !s || ALREADY_CLEAN.test(s) ? s : s.normalize('NFC').replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();

/** A parse per distinct cell value: categories and day lists repeat across 100k rows. */
function memo<T>(fn: (raw: string) => T): (raw: string) => T {
  const cache = new Map<string, T>();
  return (raw) => {
    let v = cache.get(raw);
    if (v === undefined && !cache.has(raw)) {
      v = fn(raw);
      if (cache.size < 10_000) cache.set(raw, v);
    }
    return v as T;
  };
}

export interface ParsedRegistrations {
  visitors: VisitorInput[];
  /** Visitors' spreadsheet rows, parallel to `visitors`. */
  rowNumbers: number[];
  rejected: RejectedRow[];
  columns: HeaderMapping<RegistrationField>['columns'];
  format: 'csv' | 'xlsx';
  encoding: string;
  /** Data rows in the file (blank rows not counted). */
  totalRows: number;
  /** Spreadsheet rows imported with consent = N: kept, but counted for the preview, never silent. */
  noConsentRows: number[];
}

export interface ParseOptions {
  /** The event's days (ISO), for day-only dates and "all days". */
  eventDays: string[];
  /** The event's categories (id, KO/EN label); the starting set when not given. */
  categories?: readonly ImportCategory[];
  /** Rows checked so far of the file's data rows (every few thousand rows, and at the start and end). */
  onProgress?: (done: number, total: number) => void;
}

const PROGRESS_EVERY = 5_000;

/** Parses a registrations export. Throws import_failed (with a reason code) when the file as a whole cannot be used. */
export async function parseRegistrations(bytes: Buffer, fileName: string, opts: ParseOptions): Promise<ParsedRegistrations> {
  const table = await readTable(bytes, fileName);
  const { columns, index } = mapHeaders(table.headers, REGISTRATION_ALIASES);
  const missing = REQUIRED.filter((f) => index[f] === undefined);
  if (missing.length) {
    throw importFailure(
      'missing_columns',
      `${fileName}: no ${missing.join(' / ')} column; found: ${table.headers.join(', ').slice(0, 300)}`,
      { missing, found: table.headers.slice(0, 50).map((h) => h.slice(0, 60)) },
    );
  }
  if (table.rows.length === 0) throw importFailure('no_rows', `${fileName} has a header but no rows`);

  const visitors: VisitorInput[] = [];
  const rowNumbers: number[] = [];
  const rejected: RejectedRow[] = [];
  const firstRowOfCode = new Map<string, number>();
  const mapped = columns.map((c, i) => (c.field ? i : -1)).filter((i) => i >= 0);
  const consentColumn = index.consent !== undefined;
  const toId = categoryParser(opts.categories);
  const category = memo((raw) => toId(clean(raw)));
  const days = memo((raw) => parseDays(raw, opts.eventDays));
  const reject = (row: number, reason: RejectReason, detail?: string, firstRow?: number) => {
    rejected.push({ row, reason, ...(detail ? { detail } : {}), ...(firstRow ? { firstRow } : {}) });
  };

  const total = table.rows.length;
  let seen = 0;
  opts.onProgress?.(0, total);
  rows: for (const { rowNumber: row, cells } of table.rows) {
    if (++seen % PROGRESS_EVERY === 0) opts.onProgress?.(seen, total);
    for (const i of mapped) {
      if ((cells[i]?.length ?? 0) > MAX_CELL) {
        reject(row, 'too_long', columns[i]!.header);
        continue rows;
      }
    }
    const rawCode = cellAt(cells, index.code);
    if (!rawCode) {
      reject(row, 'missing_code');
      continue;
    }
    // Hangul in a code cell is a data error here, not a scanner typing in Korean IME
    // mode: mapping it back to Latin keys would invent a code nobody was given.
    const code = HANGUL.test(rawCode) ? null : normalizeScannedCode(rawCode);
    if (!code) {
      reject(row, 'invalid_code', rawCode.slice(0, 40));
      continue;
    }
    // A repeated code (an exact duplicate row, or two people given one code) keeps the first row.
    const first = firstRowOfCode.get(code);
    if (first !== undefined) {
      reject(row, 'duplicate_in_file', code, first);
      continue;
    }
    const nameKo = clean(cellAt(cells, index.nameKo));
    if (!nameKo) {
      reject(row, 'missing_name', code);
      continue;
    }
    const categoryRaw = cellAt(cells, index.category);
    const cat = category(categoryRaw);
    if (!cat) {
      reject(row, 'invalid_category', clean(categoryRaw).slice(0, 40));
      continue;
    }
    const registered = days(cellAt(cells, index.days));
    if ('bad' in registered) {
      reject(row, 'invalid_days', registered.bad);
      continue;
    }
    const phone = normalizePhone(cellAt(cells, index.phone));
    if (phone === false) {
      reject(row, 'invalid_phone', code); // never the number itself
      continue;
    }
    const email = normalizeEmail(cellAt(cells, index.email));
    if (email === false) {
      reject(row, 'invalid_email', code);
      continue;
    }
    firstRowOfCode.set(code, row);
    visitors.push({
      code,
      nameKo,
      nameEn: clean(cellAt(cells, index.nameEn)) || null,
      organisation: clean(cellAt(cells, index.organisation)) || null,
      title: clean(cellAt(cells, index.title)) || null,
      category: cat,
      phone,
      email,
      country: clean(cellAt(cells, index.country)) || null,
      // A copy: memoised day lists must not be shared between visitors.
      registeredDays: [...registered.days],
      // Pre-registration collects consent; only an explicit column can say otherwise.
      consent: consentColumn ? CONSENT_YES.has(cellAt(cells, index.consent).toLowerCase()) : true,
      walkIn: false,
    });
    rowNumbers.push(row);
  }
  // Rows imported with consent = N (issue 14): flagged, never silent — the preview shows the count (engineer 10's screen).
  opts.onProgress?.(total, total);
  const noConsentRows = rowNumbers.filter((_, i) => !visitors[i]!.consent);
  return { visitors, rowNumbers, rejected, columns, format: table.format, encoding: table.encoding, totalRows: table.rows.length, noConsentRows };
}
