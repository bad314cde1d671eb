/**
 * Sessions (seminars, workshops, trainings, lectures, guided tours): their details,
 * door stations counting people in and out, sign-ups with a waitlist, and the floor
 * manager's changes (delay, extend, cancel, move). A session is a programme row whose
 * kind is not a consultation; its 일정ID is the session id.
 */
import { z } from 'zod';
import { channel } from './define';
import { IsoDay, Nonce, ScanCode, ShortText, VisitorSummary } from './common.schema';
import { ProgrammeKind, ProgrammeMode } from './programme.channels';
import { MAX_IMPORT_BASE64 } from './import.channels';

/** A join / stream link: http(s) only, so a `javascript:` or file link never reaches a QR or a click. */
const StreamUrl = z
  .string()
  .max(500)
  .regex(/^https?:\/\/[^\s<>"]+$/i, 'http(s) link only');

export const SESSION_LANGUAGES = ['ko', 'en', 'zh', 'ja', 'vi', 'es', 'fr', 'de', 'ru', 'ar', 'id', 'th'] as const;
export const SessionLanguage = z.enum(SESSION_LANGUAGES);
export type SessionLanguage = z.infer<typeof SessionLanguage>;

/** What the organiser sets per session (import columns or the console's edit form). */
export const SessionDetails = z.object({
  /** Seats in the room; null: no limit counted. */
  capacity: z.number().int().min(1).max(100_000).nullable(),
  /** Only visitors on the sign-up list get in first (tours, trainings). */
  signupRequired: z.boolean(),
  languages: z.array(SessionLanguage).max(6),
  /** Overrides the programme's 방식 when set from the console. */
  mode: ProgrammeMode,
  streamUrl: StreamUrl.nullable(),
  speakers: ShortText.nullable(),
  /** Where a tour gathers (집결지). */
  meetingPoint: ShortText.nullable(),
  /** Trainings: share of the session time an attendee must be in the room for a certificate (이수). */
  minAttendancePct: z.number().int().min(1).max(100).nullable(),
});
export type SessionDetails = z.infer<typeof SessionDetails>;

/** The derived schedule after the floor's facts: delays and extensions, cancelled, moved. */
export const SessionSchedule = z.object({
  start: z.string(),
  end: z.string(),
  /** The room after any move. */
  room: z.string(),
  delayMin: z.number().int(),
  extendMin: z.number().int(),
  cancelled: z.boolean(),
  moved: z.boolean(),
});
export type SessionSchedule = z.infer<typeof SessionSchedule>;

export const SessionView = z.object({
  id: z.string(),
  kind: ProgrammeKind,
  title: z.string(),
  day: IsoDay,
  /** As planned (the programme row). */
  plannedStart: z.string(),
  plannedEnd: z.string(),
  plannedRoom: z.string(),
  schedule: SessionSchedule,
  details: SessionDetails,
  /** People in the room now (scanned in and not out). */
  occupancy: z.number().int(),
  /** Everyone who has been admitted at least once. */
  admitted: z.number().int(),
  signedUp: z.number().int(),
  waitlisted: z.number().int(),
  full: z.boolean(),
});
export type SessionView = z.infer<typeof SessionView>;

/** Why a door answered as it did; one renderer module turns each into KO/EN. */
export const DoorOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('admitted'), sessionId: z.string(), visitor: VisitorSummary, occupancy: z.number().int(), capacity: z.number().int().nullable(), overridden: z.boolean(), reentry: z.boolean() }),
  z.object({ status: z.literal('already_in'), sessionId: z.string(), visitor: VisitorSummary, since: z.string(), occupancy: z.number().int(), capacity: z.number().int().nullable() }),
  z.object({ status: z.literal('left'), sessionId: z.string(), visitor: VisitorSummary, occupancy: z.number().int(), capacity: z.number().int().nullable() }),
  z.object({ status: z.literal('not_inside'), sessionId: z.string(), visitor: VisitorSummary, occupancy: z.number().int(), capacity: z.number().int().nullable() }),
  /** Full: nobody more without an override with a reason. */
  z.object({ status: z.literal('full'), sessionId: z.string(), visitor: VisitorSummary, occupancy: z.number().int(), capacity: z.number().int() }),
  /** A sign-up session: this visitor is not on the list (or waitlisted) while listed people may still come. */
  z.object({ status: z.literal('not_signed_up'), sessionId: z.string(), visitor: VisitorSummary, waitlistPosition: z.number().int().nullable() }),
  /** The setting says: a badge not checked in at the entrance goes to the desk first. */
  z.object({ status: z.literal('not_checked_in'), sessionId: z.string(), visitor: VisitorSummary }),
  z.object({ status: z.literal('session_ended'), sessionId: z.string(), end: z.string() }),
  z.object({ status: z.literal('session_cancelled'), sessionId: z.string() }),
  /** "Follow the room": nothing runs in the room now (or soon). */
  z.object({ status: z.literal('no_session'), room: z.string() }),
  z.object({ status: z.literal('unknown_code'), code: z.string() }),
]);
export type DoorOutcome = z.infer<typeof DoorOutcome>;
export const DoorSettings = z.object({
  /** A badge of someone not checked in at the entrance: let them in, or send them to the desk. */
  notCheckedIn: z.enum(['admit', 'send_to_desk']),
  /** Minutes after the start when a signed-up visitor who has not come loses the seat to the waitlist. */
  noShowMin: z.number().int().min(1).max(120),
});
export type DoorSettings = z.infer<typeof DoorSettings>;

const SIGNUP_STATUSES = ['confirmed', 'waitlisted'] as const;
export const SignupOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('confirmed'), sessionId: z.string(), already: z.boolean() }),
  z.object({ status: z.literal('waitlisted'), sessionId: z.string(), position: z.number().int(), already: z.boolean() }),
  /** Signed up for another session at the same time (its id and title). */
  z.object({ status: z.literal('overlap'), sessionId: z.string(), otherId: z.string(), otherTitle: z.string() }),
  z.object({ status: z.literal('no_signup'), sessionId: z.string() }),
  z.object({ status: z.literal('session_ended'), sessionId: z.string() }),
  z.object({ status: z.literal('session_cancelled'), sessionId: z.string() }),
  z.object({ status: z.literal('unknown_code'), code: z.string() }),
]);
export type SignupOutcome = z.infer<typeof SignupOutcome>;

/**
 * A small sign-up ticket on this station's printer (the kiosk's, or the desk's): queued,
 * queued while the printer is off, no printer set up here, or the visitor does not stand
 * signed up for the session (nothing printed).
 */
export const TicketOutcome = z.object({ status: z.enum(['queued', 'printer_offline', 'no_printer', 'not_signed_up', 'unknown_code']) });
export type TicketOutcome = z.infer<typeof TicketOutcome>;

/** One visitor's sign-ups (the desk's panel, the kiosk's own-badge view). */
export const VisitorSignup = z.object({
  sessionId: z.string(),
  title: z.string(),
  kind: ProgrammeKind,
  start: z.string(),
  room: z.string(),
  meetingPoint: z.string().nullable(),
  status: z.enum(SIGNUP_STATUSES),
  position: z.number().int().nullable(),
});
export type VisitorSignup = z.infer<typeof VisitorSignup>;

const SESSION_ACTIONS = ['delay', 'extend', 'cancel', 'reinstate', 'move'] as const;
export const SessionAction = z.enum(SESSION_ACTIONS);
export type SessionAction = z.infer<typeof SessionAction>;

/** A session on the board: schedule, fill, mode and link, tour departure. */
export const BoardSessionCard = z.object({
  id: z.string(),
  kind: ProgrammeKind,
  title: z.string(),
  room: z.string(),
  start: z.string(),
  end: z.string(),
  delayMin: z.number().int(),
  moved: z.boolean(),
  mode: ProgrammeMode,
  languages: z.array(SessionLanguage),
  streamUrl: z.string().nullable(),
  meetingPoint: z.string().nullable(),
  capacity: z.number().int().nullable(),
  occupancy: z.number().int(),
  full: z.boolean(),
  live: z.boolean(),
});
export type BoardSessionCard = z.infer<typeof BoardSessionCard>;

export const SessionBoard = z.object({
  now: z.string(),
  /** Running now (or in their grace after the end). */
  live: z.array(BoardSessionCard),
  /** Not started yet, not cancelled, soonest first. */
  next: z.array(BoardSessionCard),
  /** Cancelled today (said once on the board, never as "next"). */
  cancelled: z.array(z.object({ id: z.string(), title: z.string(), start: z.string() })),
});
export type SessionBoard = z.infer<typeof SessionBoard>;

const SessionId = ShortText.min(1).max(64);

export const AttendanceRow = z.object({
  code: z.string(),
  nameKo: z.string(),
  nameEn: z.string().nullable(),
  organisation: z.string().nullable(),
  minutes: z.number().int(),
  /** Share of the session's time inside, one decimal. */
  pct: z.number(),
  /** At least the session's minimum attendance (이수). */
  completed: z.boolean(),
});
export const SessionAttendance = z.object({
  sessionId: z.string(),
  title: z.string(),
  day: IsoDay,
  start: z.string(),
  end: z.string(),
  minAttendancePct: z.number().int().nullable(),
  rows: z.array(AttendanceRow),
});
export type SessionAttendance = z.infer<typeof SessionAttendance>;
const ExportedFile = z.object({ fileName: z.string(), mime: z.string(), dataBase64: z.string() });

/**
 * A session's sign-up list for the guide or floor manager (personal data: admin and floor
 * only): confirmed in order, then the waitlist with its positions, each with whether the
 * visitor checked in at the entrance and came through this session's door.
 */
export const SignupSheetRow = z.object({
  /** 1-based: the place among the confirmed, or the waitlist position. */
  place: z.number().int(),
  status: z.enum(SIGNUP_STATUSES),
  code: z.string(),
  nameKo: z.string(),
  nameEn: z.string().nullable(),
  organisation: z.string().nullable(),
  signedUpAt: z.string(),
  checkedIn: z.boolean(),
  admitted: z.boolean(),
});
export type SignupSheetRow = z.infer<typeof SignupSheetRow>;
export const SignupSheet = z.object({
  sessionId: z.string(),
  title: z.string(),
  day: IsoDay,
  start: z.string(),
  end: z.string(),
  room: z.string(),
  meetingPoint: z.string().nullable(),
  capacity: z.number().int().nullable(),
  confirmed: z.array(SignupSheetRow),
  waitlist: z.array(SignupSheetRow),
});
export type SignupSheet = z.infer<typeof SignupSheet>;

export const sessionsChannels = {
  'sessions.list': channel({
    doc: "The day's sessions (today by default) with details, schedule after the floor's changes, occupancy and sign-ups.",
    input: z.object({ day: IsoDay.optional() }),
    output: z.object({ now: z.string(), day: IsoDay, sessions: z.array(SessionView) }),
    roles: ['admin', 'floor', 'desk', 'kiosk', 'door'],
    write: false,
  }),
  'sessions.details.save': channel({
    doc: 'Edit a session: capacity, sign-up, languages, mode, stream link, speakers, meeting point, minimum attendance. A capacity below the people in the room is refused.',
    input: z.object({ sessionId: SessionId, details: SessionDetails }),
    output: SessionView,
    roles: ['admin', 'floor'],
    write: true,
  }),
  'sessions.door.scan': channel({
    doc: 'A door scan in or out of a session (or of the session running now in `room`). One entry per visitor per session; a full room refuses unless `override` gives a reason.',
    input: z
      .object({
        nonce: Nonce,
        code: ScanCode,
        direction: z.enum(['in', 'out']),
        sessionId: SessionId.optional(),
        room: ShortText.min(1).optional(),
        override: z.object({ reason: z.string().trim().min(2).max(200) }).optional(),
      })
      .refine((v) => v.sessionId || v.room, 'sessionId or room'),
    output: DoorOutcome,
    roles: ['admin', 'door'],
    write: true,
  }),
  'sessions.door.settings.get': channel({
    doc: 'Door settings: a badge not checked in at the entrance (admit / send to desk); no-show minutes for sign-ups.',
    input: z.object({}),
    output: DoorSettings,
    roles: ['admin', 'floor', 'door'],
    write: false,
  }),
  'sessions.door.settings.set': channel({
    doc: 'Change the door settings.',
    input: DoorSettings,
    output: DoorSettings,
    roles: ['admin', 'floor'],
    write: true,
  }),
  'sessions.signup': channel({
    doc: 'Sign a visitor up for a session (desk, or the kiosk with the own badge): confirmed while seats are left, else on the waitlist in order. Refuses overlapping sessions.',
    input: z.object({ nonce: Nonce, sessionId: SessionId, code: ScanCode }),
    output: SignupOutcome,
    roles: ['admin', 'desk', 'kiosk'],
    write: true,
  }),
  'sessions.signups.import': channel({
    doc: 'Sign-ups in bulk from a CSV/XLSX with 일정ID and 등록번호 columns (KO or EN headers), in file order: each row goes through the same checks as a desk sign-up.',
    input: z.object({ fileName: ShortText.min(1), dataBase64: z.string().max(MAX_IMPORT_BASE64), nonce: Nonce }),
    output: z.object({
      rows: z.number().int(),
      confirmed: z.number().int(),
      waitlisted: z.number().int(),
      already: z.number().int(),
      /** Rows refused, by row number and the outcome's status (overlap, unknown_code, no_signup …). */
      refused: z.array(z.object({ row: z.number().int(), status: z.string(), detail: z.string().optional() })),
    }),
    roles: ['admin', 'floor'],
    write: true,
  }),
  'sessions.signup.cancel': channel({
    doc: "Cancel a visitor's sign-up; the first on the waitlist moves up.",
    input: z.object({ nonce: Nonce, sessionId: SessionId, code: ScanCode }),
    output: z.object({ cancelled: z.boolean() }),
    roles: ['admin', 'desk', 'kiosk'],
    write: true,
  }),
  'sessions.ticket.print': channel({
    doc: "Print a visitor's sign-up ticket (session, time, meeting point, confirmed or waitlist place, the masked name) on this station's printer, as a print job.",
    input: z.object({ nonce: Nonce, sessionId: SessionId, code: ScanCode }),
    output: TicketOutcome,
    roles: ['admin', 'desk', 'kiosk'],
    write: true,
  }),
  'sessions.signups.of': channel({
    doc: "A visitor's sign-ups with their status and waitlist position.",
    input: z.object({ code: ScanCode }),
    output: z.array(VisitorSignup),
    roles: ['admin', 'desk', 'kiosk'],
    write: false,
  }),
  'sessions.act': channel({
    doc: 'From the floor console: delay or extend a session by N minutes, cancel (or reinstate) it, or move it to another room. Append-only facts.',
    input: z.object({ nonce: Nonce, sessionId: SessionId, action: SessionAction, minutes: z.number().int().min(1).max(240).optional(), room: ShortText.min(1).optional() }),
    output: SessionView,
    roles: ['admin', 'floor'],
    write: true,
  }),
  'sessions.attendance': channel({
    doc: "A session's attendance from the door's in/out scans: minutes and share of the time inside, completed or not.",
    input: z.object({ sessionId: SessionId }),
    output: SessionAttendance,
    roles: ['admin', 'floor'],
    write: false,
  }),
  'sessions.attendance.export': channel({
    doc: "Attendance as CSV (UTF-8 BOM) or XLSX: one session's, or one institution's across the day's trainings.",
    input: z.object({ format: z.enum(['csv', 'xlsx']), sessionId: SessionId.optional(), organisation: ShortText.optional() }).refine((v) => v.sessionId || v.organisation !== undefined, 'sessionId or organisation'),
    output: ExportedFile,
    roles: ['admin', 'floor'],
    write: false,
  }),
  'sessions.certificates': channel({
    doc: 'Certificates of completion (이수증) as one PDF: one attendee (`code`), one institution merged (`organisation`), or every attendee who completed.',
    input: z.object({ sessionId: SessionId, code: ScanCode.optional(), organisation: ShortText.optional() }),
    output: z.object({ fileName: z.string(), count: z.number().int(), dataBase64: z.string() }),
    roles: ['admin', 'floor'],
    write: false,
  }),
  'sessions.signups.sheet': channel({
    doc: "A session's sign-up list: confirmed in order, then the waitlist with positions; name, organisation, code, checked in at the entrance, admitted at the door.",
    input: z.object({ sessionId: SessionId }),
    output: SignupSheet,
    roles: ['admin', 'floor'],
    write: false,
  }),
  'sessions.signups.sheet.export': channel({
    doc: 'The sign-up list as an A4 PDF to print (Korean font embedded) or a CSV (UTF-8 BOM).',
    input: z.object({ sessionId: SessionId, format: z.enum(['pdf', 'csv']) }),
    output: ExportedFile,
    roles: ['admin', 'floor'],
    write: false,
  }),
  'sessions.board': channel({
    doc: 'What the hall board shows of the sessions: live with occupancy and "full", next (never a cancelled one), tours leaving soon with their meeting point.',
    input: z.object({}),
    output: SessionBoard,
    roles: ['admin', 'floor', 'board', 'door'],
    write: false,
  }),
};

export type SessionsEvent =
  /** Occupancy changed at a door: numbers only (no visitor), so the board can redraw at once. */
  | { type: 'sessions.occupancy'; sessionId: string; occupancy: number; capacity: number | null; full: boolean }
  /** Details, schedule or sign-ups changed: screens refetch. */
  | { type: 'sessions.changed'; sessionIds: string[] };
