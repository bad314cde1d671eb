import { z } from 'zod';
import { channel } from './define';
import { IsoDay, Nonce, ScanCode, ShortText } from './common.schema';
import { ImportedFile, MAX_IMPORT_BASE64, RejectedRow } from './import.channels';

/** What a programme row is (유형). Consultations happen at a table; video consultations in a booth. */
const PROGRAMME_KINDS = ['consultation', 'video_consultation', 'seminar', 'workshop', 'training', 'lecture', 'tour'] as const;
export const ProgrammeKind = z.enum(PROGRAMME_KINDS);
export type ProgrammeKind = z.infer<typeof ProgrammeKind>;

/** 방식: 대면 / 온라인 / 온·오프라인. */
export const ProgrammeMode = z.enum(['offline', 'online', 'hybrid']);
export type ProgrammeMode = z.infer<typeof ProgrammeMode>;

/** Why a programme row was rejected (same shape as the registrations import's RejectedRow). */
const PROGRAMME_REJECT_REASONS = [
  'missing_id',
  'invalid_id',
  'invalid_kind',
  'missing_title',
  'invalid_date',
  'outside_event_days', // a date the fair does not run on (`detail`: the date)
  'invalid_time', // unreadable, or the end is not after the start
  'missing_venue',
  'missing_parties', // a consultation without its SME or buyer organisation
  'invalid_mode',
  'too_long',
  'duplicate_in_file',
  'overlap', // two consultations at one table at the same time (`detail`: the other 일정ID)
  'invalid_code', // a participant code that cannot be a badge code (`detail`: the code)
  // Session columns (main/services/sessions/session-import.ts); `detail`: the cell.
  'invalid_capacity',
  'invalid_signup',
  'invalid_language',
  'invalid_link',
  'invalid_attendance',
  'unknown_time_zone', // a buyer time zone that is not an IANA zone such as America/New_York (`detail`: the cell)
] as const;
const ProgrammeRejectReason = z.enum(PROGRAMME_REJECT_REASONS);
type ProgrammeRejectReason = z.infer<typeof ProgrammeRejectReason>;
export const ProgrammeRejectedRow = RejectedRow.extend({ reason: ProgrammeRejectReason });
export type ProgrammeRejectedRow = z.infer<typeof ProgrammeRejectedRow>;

export const ProgrammeImportReport = ImportedFile.extend({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  consultations: z.number().int(),
  sessions: z.number().int(),
  /** Distinct tables and video booths among the consultations. */
  tables: z.number().int(),
  days: z.array(IsoDay),
  /**
   * Badge-to-meeting mapping: consultations whose file row carries the participants'
   * registration codes (those are matched by code when a badge is scanned; the rest by
   * organisation name), the distinct codes listed, and how many of them are registered.
   */
  codes: z.object({ consultations: z.number().int(), listed: z.number().int(), registered: z.number().int() }),
  rejected: z.array(ProgrammeRejectedRow),
  /** false for a preview: nothing was written. */
  applied: z.boolean(),
});
export type ProgrammeImportReport = z.infer<typeof ProgrammeImportReport>;

/**
 * Minutes of a consultation: pitch + Q&A, then a changeover before the next slot. A
 * meeting keeps the lengths it was started with: a change applies to rounds not yet
 * started. The changeover is the gap kept when a longer meeting pushes the next back.
 */
export const ConsultationConfig = z.object({
  pitchMin: z.number().int().min(1).max(60),
  qaMin: z.number().int().min(1).max(60),
  changeoverMin: z.number().int().min(0).max(30),
});
export type ConsultationConfig = z.infer<typeof ConsultationConfig>;

/**
 * Where a meeting is, derived from its append-only facts at the server's "now":
 * scheduled (nobody yet) → waiting (someone arrived) → pitch → qa → done, or
 * no_show / cancelled.
 */
const MEETING_PHASES = ['scheduled', 'waiting', 'pitch', 'qa', 'done', 'no_show', 'cancelled'] as const;
export const MeetingPhase = z.enum(MEETING_PHASES);
export type MeetingPhase = z.infer<typeof MeetingPhase>;

/** The board's colour: on time, late to start, over its time, no-show; done/cancelled are quiet. */
const MEETING_TIMINGS = ['on_time', 'late', 'overrun', 'no_show', 'done', 'cancelled'] as const;
export const MeetingTiming = z.enum(MEETING_TIMINGS);
export type MeetingTiming = z.infer<typeof MeetingTiming>;

/**
 * A video meeting's link, from the booth staff's taps (booth.channels): nobody yet
 * (`waiting`), `connected`, `failed`, or `retrying` after a failure.
 */
const CONNECTION_STATES = ['waiting', 'connected', 'failed', 'retrying'] as const;
export const ConnectionState = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const BoardMeeting = z.object({
  id: z.string(),
  table: z.string(),
  /** Scheduled slot, shifted by any delay before the start (ISO). */
  start: z.string(),
  end: z.string(),
  delayMin: z.number().int(),
  seller: z.string(),
  buyer: z.string(),
  country: z.string().nullable(),
  online: z.boolean(),
  /** The buyer's IANA zone (online meetings): from the programme's time-zone column, else from the country (a fallback). */
  buyerTimeZone: z.string().nullable(),
  phase: MeetingPhase,
  timing: MeetingTiming,
  /** The current phase's span (null before the start and after the end). */
  phaseStartedAt: z.string().nullable(),
  phaseEndsAt: z.string().nullable(),
  /** When the Q&A will end (running meetings): the countdown switches to Q&A at phaseEndsAt of the pitch. */
  qaEndsAt: z.string().nullable(),
  arrivedSeller: z.boolean(),
  arrivedBuyer: z.boolean(),
  /** The meeting's interpreter (programme file, or set for the booth or the meeting on the console). */
  interpreter: z.string().nullable(),
  /** Online meetings: the link as the booth staff marked it; null at a table. */
  connection: ConnectionState.nullable(),
});
export type BoardMeeting = z.infer<typeof BoardMeeting>;

export const BoardTable = z.object({
  name: z.string(),
  booth: z.boolean(),
  now: BoardMeeting.nullable(),
  next: BoardMeeting.nullable(),
});
export type BoardTable = z.infer<typeof BoardTable>;

export const BoardSession = z.object({
  id: z.string(),
  kind: ProgrammeKind,
  title: z.string(),
  start: z.string(),
  end: z.string(),
  mode: ProgrammeMode,
  country: z.string().nullable(),
});
export type BoardSession = z.infer<typeof BoardSession>;

export const BoardRoom = z.object({ name: z.string(), now: BoardSession.nullable(), next: BoardSession.nullable() });
export type BoardRoom = z.infer<typeof BoardRoom>;

export const FloorState = z.object({
  /** The server's clock (rehearsal time when set): screens tick from their offset to it. */
  now: z.string(),
  day: IsoDay,
  rehearsal: z.boolean(),
  config: ConsultationConfig,
  /** The most common planned length (minutes) of the day's consultations: a longer config would run into the next slot. */
  slotMin: z.number().int().nullable(),
  /** The slot a "start round" tap would start now (ISO), if any. */
  roundSlot: z.string().nullable(),
  tables: z.array(BoardTable),
  rooms: z.array(BoardRoom),
});
export type FloorState = z.infer<typeof FloorState>;

const MEETING_ACTIONS = ['advance', 'end', 'no_show', 'cancel', 'delay', 'reopen', 'arrived_seller', 'arrived_buyer'] as const;
export const MeetingAction = z.enum(MEETING_ACTIONS);
export type MeetingAction = z.infer<typeof MeetingAction>;

export const MeetingActOutcome = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('done'),
    meeting: BoardMeeting,
    /** The following meetings at the table pushed back to keep its schedule consistent (a delay). */
    pushed: z.array(z.object({ id: z.string(), start: z.string(), delayMin: z.number().int() })),
  }),
  /** The action does not fit the meeting's state (e.g. no-show after it started); nothing written. */
  z.object({ status: z.literal('not_allowed'), meeting: BoardMeeting }),
  /** Starting a meeting whose slot is over: delay it first, or mark it no-show. */
  z.object({ status: z.literal('too_late'), meeting: BoardMeeting }),
]);
export type MeetingActOutcome = z.infer<typeof MeetingActOutcome>;

export const RoundOutcome = z.object({
  /** The slot started (ISO), null when no meeting is due now. */
  slot: z.string().nullable(),
  started: z.number().int(),
  alreadyRunning: z.number().int(),
  /** Meetings of the slot left alone: delayed, no-show, cancelled or done. */
  skipped: z.number().int(),
  /** Meetings of the previous slot still running at those tables, ended by this round. */
  endedPrevious: z.number().int(),
  /** Meetings of the slot not started because a participant has not arrived: they wait (start from the card, or no-show). */
  waiting: z.number().int(),
  /** Earlier meetings that never started and whose time is over: recorded as no-shows by this round. */
  noShow: z.number().int(),
});
export type RoundOutcome = z.infer<typeof RoundOutcome>;

/**
 * How a badge found its meeting: by the registration code listed for the meeting in the
 * programme file, or — only for a side the file lists no codes for — by organisation name.
 */
export const ArrivalMatch = z.enum(['code', 'organisation']);
export type ArrivalMatch = z.infer<typeof ArrivalMatch>;

export const ArrivalOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('arrived'), side: z.enum(['seller', 'buyer']), organisation: z.string(), match: ArrivalMatch, meeting: BoardMeeting }),
  z.object({ status: z.literal('already_arrived'), side: z.enum(['seller', 'buyer']), organisation: z.string(), match: ArrivalMatch, meeting: BoardMeeting }),
  z.object({ status: z.literal('unknown_code'), code: z.string() }),
  /** A registered visitor whose organisation has no meeting due now. */
  z.object({ status: z.literal('no_meeting'), organisation: z.string().nullable() }),
  /** The organisation meets at several tables now: pick the table, then scan again. */
  z.object({ status: z.literal('ambiguous'), organisation: z.string(), tables: z.array(z.string()) }),
  /**
   * The organisation has a meeting due now, but the file lists its participants' codes
   * and this badge is not one of them: the staff mark the arrival by hand if it is right.
   */
  z.object({ status: z.literal('not_listed'), organisation: z.string(), tables: z.array(z.string()) }),
]);
export type ArrivalOutcome = z.infer<typeof ArrivalOutcome>;

/**
 * An instant as the clock reads in `timeZone` ("09:00"), and how many calendar days
 * that is from the same instant in Seoul (-1: the buyer's yesterday, +1: tomorrow).
 * Intl carries the zone rules, so a DST change between two meetings is followed.
 */
export function localTime(iso: string, timeZone: string): { time: string; dayOffset: number } {
  const ms = Date.parse(iso);
  const parts = (tz: string) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(ms)
        .map((p) => [p.type, p.value]),
    );
  const here = parts(timeZone);
  const seoul = parts('Asia/Seoul');
  const day = (p: Record<string, string>) => Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day));
  return { time: `${here.hour}:${here.minute}`, dayOffset: Math.round((day(here) - day(seoul)) / 86_400_000) };
}

const ImportFile = z.object({ fileName: ShortText.min(1), dataBase64: z.string().max(MAX_IMPORT_BASE64) });

export const programmeChannels = {
  'programme.import.preview': channel({
    doc: 'Read a programme / matchmaking file (CSV UTF-8/CP949 or XLSX, Korean headers): counts and rejected rows. Writes nothing.',
    input: ImportFile,
    output: ProgrammeImportReport,
    roles: ['admin', 'floor'],
    write: false,
  }),
  'programme.import.commit': channel({
    doc: 'Import a programme file: upsert by 일정ID (a re-import updates, never duplicates). Valid rows all or nothing.',
    input: ImportFile,
    output: ProgrammeImportReport,
    roles: ['admin', 'floor'],
    write: true,
  }),
  'floor.state': channel({
    doc: "Every table's and booth's now/next with phase and timing, every room's now/next, and the server's clock.",
    input: z.object({}),
    output: FloorState,
    roles: ['admin', 'floor', 'board'],
    write: false,
  }),
  'floor.round.start': channel({
    doc: 'Start the meetings of the current slot whose participants arrived (one tap); the rest wait; earlier meetings that never started become no-shows. Idempotent.',
    input: z.object({ nonce: Nonce }),
    output: RoundOutcome,
    roles: ['admin', 'floor'],
    write: true,
  }),
  'floor.meeting.act': channel({
    doc: 'One action on one meeting: advance a phase, end, no-show, cancel, delay +N min, reopen, mark an arrival.',
    input: z.object({ nonce: Nonce, meetingId: ShortText.min(1), action: MeetingAction, minutes: z.number().int().min(1).max(60).optional() }),
    output: MeetingActOutcome,
    roles: ['admin', 'floor'],
    write: true,
  }),
  'floor.arrival.scan': channel({
    doc: "Mark an arrival by scanning the SME's or buyer's badge: matched to a meeting due now by the registration codes the programme lists, else by organisation name.",
    input: z.object({ nonce: Nonce, code: ScanCode, table: ShortText.optional() }),
    output: ArrivalOutcome,
    roles: ['admin', 'floor'],
    write: true,
  }),
  'floor.clock.set': channel({
    doc: 'Set (or clear, with null) the rehearsal clock for every station: run as if it were that day and time.',
    input: z.object({ at: z.string().max(40).nullable() }),
    output: z.object({ now: z.string(), rehearsal: z.boolean() }),
    roles: ['admin', 'floor'],
    write: true,
  }),
  'floor.config.set': channel({
    doc: 'Set the consultation length: pitch, Q&A and changeover minutes. Applies to rounds not yet started.',
    input: ConsultationConfig,
    output: ConsultationConfig,
    roles: ['admin', 'floor'],
    write: true,
  }),
};

/** The stored rehearsal clock: the venue time `at`, set at real time `setAtReal` (it runs on from there). */
export interface RehearsalSetting {
  at: string;
  setAtReal: string;
}

export type ProgrammeEvent =
  | { type: 'programme.changed'; inserted: number; updated: number }
  /**
   * Meetings changed state (an action, a round, an arrival). `meetings` carries the
   * changed meetings as derived at commit (empty for a round), so a board can show the
   * change at once; boards still refetch the whole floor for now/next.
   */
  | { type: 'floor.changed'; meetingIds: string[]; meetings: BoardMeeting[] }
  | { type: 'floor.clock'; rehearsal: RehearsalSetting | null }
  | { type: 'floor.config'; config: ConsultationConfig };
