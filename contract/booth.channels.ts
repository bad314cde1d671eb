import { z } from 'zod';
import { channel } from './define';
import { IsoDay, Nonce, ShortText } from './common.schema';
import { ConnectionState, MeetingPhase } from './programme.channels';
import type { Role } from './roles';

/** Who works a video booth: the booth PC itself, and the floor console that watches every booth. */
const BOOTH_ROLES: readonly Role[] = ['admin', 'floor', 'booth'];

/** What the booth staff tap. */
const CONNECTION_MARKS = ['connected', 'failed', 'retry'] as const;
export const ConnectionMark = z.enum(CONNECTION_MARKS);
export type ConnectionMark = z.infer<typeof ConnectionMark>;

/** Typed by staff (a failure note, an interpreter's name): bounded, no control characters (NUL …). */
const StaffText = ShortText.regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

/**
 * One meeting as the booth PC shows it: the parties are organisations (as on the public
 * board), never a person's phone or e-mail. The buyer's local time is computed on the
 * screen from `buyerTimeZone` (contract `localTime`, DST followed by Intl).
 */
export const BoothMeeting = z.object({
  id: z.string(),
  start: z.string(),
  end: z.string(),
  seller: z.string(),
  buyer: z.string(),
  country: z.string().nullable(),
  buyerTimeZone: z.string().nullable(),
  /** http(s) only (checked on import); null: the programme gives none. */
  joinLink: z.string().nullable(),
  /** The meeting's interpreter: a console edit for it, else the file's, else the booth's. */
  interpreter: z.string().nullable(),
  phase: MeetingPhase,
  connection: ConnectionState,
  /** When the connection state last changed (ISO), null while waiting. */
  connectionAt: z.string().nullable(),
  /** How many times the connection failed in this meeting. */
  failures: z.number().int(),
});
export type BoothMeeting = z.infer<typeof BoothMeeting>;

const TECH_RESULTS = ['ok', 'failed'] as const;
export const TechResult = z.enum(TECH_RESULTS);
export type TechResult = z.infer<typeof TechResult>;

export const TechCheck = z.object({ result: TechResult, at: z.string(), note: z.string().nullable() });
export type TechCheck = z.infer<typeof TechCheck>;

export const BoothView = z.object({
  /** The server's clock (rehearsal time when set). */
  now: z.string(),
  day: IsoDay,
  booth: z.string(),
  /** The booth's own interpreter from now on (console), null: none set. */
  interpreter: z.string().nullable(),
  /** The latest tech check today, null: none yet. */
  techCheck: TechCheck.nullable(),
  /** No passed tech check today and the first meeting has not started: check before it. */
  techCheckDue: z.boolean(),
  current: BoothMeeting.nullable(),
  next: BoothMeeting.nullable(),
  /** Today's meetings at the booth not over yet (the current one included). */
  remaining: z.number().int(),
});
export type BoothView = z.infer<typeof BoothView>;

export const BoothSummary = z.object({
  name: z.string(),
  meetings: z.number().int(),
  /** The first meeting's start (ISO). */
  first: z.string(),
  interpreter: z.string().nullable(),
});
export type BoothSummary = z.infer<typeof BoothSummary>;

export const ConnectionAnswer = z.discriminatedUnion('status', [
  z.object({ status: z.literal('recorded'), meeting: BoothMeeting }),
  /** The tap matches the state already recorded (a double tap, a second PC): nothing written. */
  z.object({ status: z.literal('unchanged'), meeting: BoothMeeting }),
  /** Not a video-booth meeting. */
  z.object({ status: z.literal('not_online') }),
  /** More than 15 minutes before the start: the buyer cannot be joining yet. */
  z.object({ status: z.literal('too_early'), meeting: BoothMeeting }),
  /** The meeting is over (ended, no-show, cancelled): record its outcome instead. */
  z.object({ status: z.literal('over'), meeting: BoothMeeting }),
  /** `retry` only follows a failure; `connected` / `failed` do not need it. */
  z.object({ status: z.literal('not_failed'), meeting: BoothMeeting }),
]);
export type ConnectionAnswer = z.infer<typeof ConnectionAnswer>;

export const boothChannels = {
  'booth.list': channel({
    doc: "Today's video booths (venues with online meetings): how many meetings, the first start, the booth's interpreter.",
    input: z.object({}),
    output: z.array(BoothSummary),
    roles: BOOTH_ROLES,
    write: false,
  }),
  'booth.view': channel({
    doc: "One booth's current and next meeting (buyer, country, buyer's zone, SME, join link, interpreter, connection) and its tech check.",
    input: z.object({ booth: ShortText.min(1) }),
    output: BoothView,
    roles: BOOTH_ROLES,
    write: false,
  }),
  'booth.connection.mark': channel({
    doc: "Mark an online meeting's link: connected, failed, or retry after a failure. Append-only; a repeated tap changes nothing.",
    input: z.object({ nonce: Nonce, meetingId: ShortText.min(1), mark: ConnectionMark, note: StaffText.optional() }),
    output: ConnectionAnswer,
    roles: BOOTH_ROLES,
    write: true,
  }),
  'booth.techcheck.record': channel({
    doc: "Record the booth's tech check (camera, microphone, link, interpreter channel): ok or failed with a note.",
    input: z.object({ nonce: Nonce, booth: ShortText.min(1), result: TechResult, note: StaffText.optional() }),
    output: TechCheck,
    roles: BOOTH_ROLES,
    write: true,
  }),
  'booth.interpreter.set': channel({
    doc: "Set the interpreter of a booth (from now on) or of one meeting ('' : none). Append-only, audited.",
    input: z.object({ nonce: Nonce, booth: ShortText.min(1), meetingId: ShortText.min(1).optional(), interpreter: StaffText }),
    output: z.object({ booth: z.string(), meetingId: z.string().nullable(), interpreter: z.string().nullable() }),
    roles: ['admin', 'floor'],
    write: true,
  }),
};

/** A booth's facts changed: screens refetch that booth (no names in the event). */
export type BoothEvent = { type: 'booth.changed'; booth: string; meetingId: string | null };
