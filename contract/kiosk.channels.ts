/**
 * Self-service badge kiosk. A kiosk screen never sees a registration code it did not
 * scan itself: identification hands back an opaque, short-lived ticket, and only the
 * one visitor it names — masked — so a kiosk cannot be used to look people up.
 */
import { z } from 'zod';
import { channel } from './define';
import { Category, Nonce } from './common.schema';
import { WalkInInput } from './visitors.channels';
import { JOB_STATES, JobCancelOutcome } from './printing.channels';
import { PublicItinerary } from './itinerary.channels';
import type { Role } from './roles';

/** Consoles that can act on a kiosk alert (walk over to the kiosk); a gift desk or a board cannot. */
export const KIOSK_ALERT_ROLES: readonly Role[] = ['admin', 'desk'];

/** What a kiosk may show about the visitor in front of it: no code, no days, masked contacts. */
export const KioskVisitor = z.object({
  nameKo: z.string(),
  nameEn: z.string().nullable(),
  organisation: z.string().nullable(),
  category: Category,
  phoneMasked: z.string().nullable(),
  emailMasked: z.string().nullable(),
});
export type KioskVisitor = z.infer<typeof KioskVisitor>;

export const KioskSettings = z.object({
  /** Seconds without a touch or scan before the kiosk forgets the visitor (countdown in the last 10). */
  idleSeconds: z.number().int().min(5).max(600),
  walkInEnabled: z.boolean(),
  /** Categories a visitor may pick when registering at a kiosk (the organiser's choice). */
  walkInCategories: z.array(Category).min(1),
});
export type KioskSettings = z.infer<typeof KioskSettings>;

/**
 * How long a kiosk badge may wait in the queue. After it the print worker fails the job
 * (`expired`) instead of printing it for nobody; the kiosk screen gives up at the same
 * moment and sends the visitor to the desk — the screen's timer is the hint, the
 * worker's check the guarantee.
 */
export const KIOSK_BADGE_EXPIRY_MS = 20_000;

/** A badge print as the kiosk reports it (the printing service's answer, narrowed). */
export const KioskPrint = z.object({
  /** waiting: this visitor's badge is still waiting at some printer; nothing queued here (staff sort it out). */
  status: z.enum(['queued', 'no_printer', 'printer_offline', 'already_printed', 'waiting']),
  jobId: z.string().optional(),
});
export type KioskPrint = z.infer<typeof KioskPrint>;

/** A badge job as the kiosk screen follows it; 'retry' = the printer did not take it and it waits. */
export const KioskJobState = z.enum([...JOB_STATES, 'retry']);
export type KioskJobState = z.infer<typeof KioskJobState>;

const Ticket = z.string().min(16).max(64);
const Pin = z.string().regex(/^\d{4,8}$/, 'pin');

export const IdentifyOutcome = z.discriminatedUnion('status', [
  /** Exactly one visitor: the ticket stands for them in confirm/reprint for a few minutes. */
  z.object({
    status: z.literal('found'),
    ticket: Ticket,
    visitor: KioskVisitor,
    /** ready: can be checked in now; already_checked_in: welcome back (reprint needs staff). */
    state: z.enum(['ready', 'already_checked_in', 'not_registered_today']),
    firstAt: z.string().optional(),
  }),
  /** Well-formed but not one of ours (another fair's badge, a typo). */
  z.object({ status: z.literal('unknown_code') }),
  /** Not a registration code at all (a URL, garbage). */
  z.object({ status: z.literal('unreadable') }),
  /** Phone + initial matched nobody. */
  z.object({ status: z.literal('not_found') }),
  /**
   * Phone + name matched more than one visitor: never guess. The kiosk asks for more (a part
   * of the organisation, or the full mobile number); still several after that: staff.
   */
  z.object({ status: z.literal('ambiguous') }),
  /** Too many lookups from this kiosk in a short time. */
  z.object({ status: z.literal('rate_limited'), retryInSeconds: z.number().int() }),
  /**
   * The desk must see this visitor (today: no consent under a policy other than admit). Says
   * nothing about why and shows no name: whoever stands behind them reads only "see the desk".
   */
  z.object({ status: z.literal('see_desk') }),
]);
export type IdentifyOutcome = z.infer<typeof IdentifyOutcome>;

export const ConfirmOutcome = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('checked_in'),
    visitor: KioskVisitor,
    print: KioskPrint,
    /** An SME or buyer with meetings today: their own meetings (the slip prints after the badge). */
    itinerary: PublicItinerary.optional(),
  }),
  z.object({ status: z.literal('already_checked_in'), visitor: KioskVisitor, firstAt: z.string() }),
  z.object({ status: z.literal('not_registered_today'), visitor: KioskVisitor }),
  /** The ticket timed out or was never issued: start again. */
  z.object({ status: z.literal('expired') }),
  /** As in IdentifyOutcome (the policy may have changed since the visitor was found). */
  z.object({ status: z.literal('see_desk') }),
]);
export type ConfirmOutcome = z.infer<typeof ConfirmOutcome>;

export const UnlockOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('unlocked'), token: z.string(), expiresAt: z.string() }),
  z.object({ status: z.literal('wrong_pin'), attemptsLeft: z.number().int() }),
  z.object({ status: z.literal('locked'), retryInSeconds: z.number().int() }),
  /** No PIN was set for kiosks (an admin sets one with kiosk.settings.update). */
  z.object({ status: z.literal('no_pin') }),
]);
export type UnlockOutcome = z.infer<typeof UnlockOutcome>;

const PrinterState = z.object({ printerName: z.string().nullable(), online: z.boolean(), reason: z.string().optional() });

const StaffToken = z.string().min(16).max(128);

export const kioskChannels = {
  'kiosk.config': channel({
    doc: 'Kiosk settings the screen needs (idle timeout, walk-in categories) and whether a staff PIN is set.',
    input: z.object({}),
    output: KioskSettings.extend({ pinSet: z.boolean() }),
    roles: ['admin', 'kiosk'],
    write: false,
  }),
  'kiosk.settings.update': channel({
    doc: 'Set kiosk settings and/or the staff PIN (stored as a scrypt hash).',
    input: KioskSettings.partial().extend({ pin: Pin.optional() }),
    output: KioskSettings.extend({ pinSet: z.boolean() }),
    roles: ['admin'],
    write: true,
  }),
  'kiosk.status': channel({
    doc: "This kiosk's badge printer: can a visitor get a badge here right now?",
    input: z.object({}),
    output: PrinterState,
    roles: ['admin', 'kiosk'],
    write: false,
  }),
  'kiosk.badgeState': channel({
    doc: "Where this kiosk's badge job stands (the screen asks as well as listening, so a job printed before it subscribed is not missed).",
    input: z.object({ jobId: z.string().min(1).max(64) }),
    output: z.object({ state: KioskJobState.nullable() }),
    roles: ['admin', 'kiosk'],
    write: false,
  }),
  'kiosk.cancelBadge': channel({
    doc: "The screen gave up on this kiosk's badge job (the printer did not take it, or it took too long): cancel it if it is still queued, so it never prints later with nobody there to take it, and call staff over. A job being printed right now answers 'printing'.",
    input: z.object({ jobId: z.string().min(1).max(64) }),
    output: JobCancelOutcome,
    roles: ['admin', 'kiosk'],
    write: true,
  }),
  'kiosk.identify': channel({
    doc: 'Find the one visitor at the kiosk by scanned/typed code (or its number part alone: "100002"), by phone last 4 + name initial or surname (+ a part of the organisation when that is not enough), or by the full mobile number. Rate-limited per kiosk.',
    input: z.discriminatedUnion('by', [
      z.object({ by: z.literal('code'), code: z.string().min(1).max(200) }),
      z.object({
        by: z.literal('phone'),
        last4: z.string().regex(/^\d{4}$/),
        /** One 초성 or letter (an initial), or the surname's syllables (김, 남궁). */
        initial: z.string().min(1).max(2),
        /** A part of the organisation, asked when phone + name matched several people. */
        org: z.string().trim().min(1).max(60).optional(),
      }),
      /** The whole mobile number as typed: 010-1234-5678, +82 10…, +90 532 …. */
      z.object({ by: z.literal('mobile'), phone: z.string().min(7).max(24).regex(/^[0-9+\-() ]+$/) }),
    ]),
    output: IdentifyOutcome,
    roles: ['admin', 'kiosk'],
    write: false,
  }),
  'kiosk.confirm': channel({
    doc: 'Check the identified visitor in (method kiosk) and print their badge. Idempotent per nonce.',
    input: z.object({ ticket: Ticket, nonce: Nonce }),
    output: ConfirmOutcome,
    roles: ['admin', 'kiosk'],
    write: true,
  }),
  'kiosk.walkIn': channel({
    doc: 'Register a walk-in at the kiosk (only the categories kiosks allow), check in and print the badge.',
    input: WalkInInput,
    output: z.object({ visitor: KioskVisitor, print: KioskPrint, ticket: Ticket }),
    roles: ['admin', 'kiosk'],
    write: true,
  }),
  'kiosk.forget': channel({
    doc: 'The kiosk reset (idle, home, visit over): drop the ticket, so it cannot confirm or reprint any more, even within its minutes.',
    input: z.object({ ticket: Ticket }),
    output: z.object({ ok: z.literal(true) }),
    roles: ['admin', 'kiosk'],
    write: false,
  }),
  'kiosk.staffUnlock': channel({
    doc: 'Staff PIN → a short-lived staff session for this kiosk. Wrong PINs lock the kiosk out, doubling each time.',
    input: z.object({ pin: z.string().max(32) }),
    output: UnlockOutcome,
    roles: ['admin', 'kiosk'],
    write: true,
  }),
  'kiosk.staffReprint': channel({
    doc: 'Staff only: reprint the badge of the visitor currently at the kiosk (by ticket).',
    input: z.object({ token: StaffToken, ticket: Ticket, nonce: Nonce }),
    output: KioskPrint,
    roles: ['admin', 'kiosk'],
    write: true,
  }),
  'kiosk.staffExit': channel({
    doc: 'Staff only: leave kiosk mode on this station (the Electron shell releases its lockdown).',
    input: z.object({ token: StaffToken }),
    output: z.object({ ok: z.literal(true) }),
    roles: ['admin', 'kiosk'],
    write: true,
  }),
  'kiosk.alert.ack': channel({
    doc: 'A console took a kiosk or printer alert (someone is walking over): every console drops it (kiosk.alert.acked), audited with who.',
    input: z.object({ id: z.string().min(8).max(64) }),
    output: z.object({ ok: z.literal(true) }),
    roles: KIOSK_ALERT_ROLES,
    write: true,
  }),
  'kiosk.staffLock': channel({
    doc: 'End the staff session (staff panel closed).',
    input: z.object({ token: StaffToken }),
    output: z.object({ ok: z.literal(true) }),
    roles: ['admin', 'kiosk'],
    write: false,
  }),
};

/** Why a kiosk wants a person (no visitor data: the staff walk over and look). */
/** badge_cancelled: the kiosk gave up on a badge the printer did not take and took it out of the queue. */
/**
 * What happened, said plainly on the consoles (issue 14): sent_to_staff stays for any other
 * case; ambiguous (phone/name/organisation fit several people), not_today (registered for
 * another day), too_many_tries (lookups one after another, rate-limited).
 */
export const KIOSK_ALERTS = ['printer_unavailable', 'print_failed', 'badge_cancelled', 'sent_to_staff', 'pin_locked', 'ambiguous', 'not_today', 'too_many_tries'] as const;
export type KioskAlertReason = (typeof KIOSK_ALERTS)[number];

export type KioskEvent =
  /** `id`: one alert, acknowledged once for every console (kiosk.alert.ack → kiosk.alert.acked). */
  | { type: 'kiosk.alert'; id: string; stationId: string; stationName: string; reason: KioskAlertReason; at: string }
  | { type: 'kiosk.alert.acked'; id: string; by: string; at: string }
  /** Staff left kiosk mode on this station: its shell releases the lockdown. */
  | { type: 'kiosk.exit'; stationId: string };
