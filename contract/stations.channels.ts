import { z } from 'zod';
import { channel } from './define';
import { ADMIN_ONLY, ROLES, SETUP_ROLE, type Role } from './roles';
import { StationInfo } from './system.channels';

/**
 * Station provisioning and operators (issue 11).
 *
 * A fresh station has the `setup` role: it reaches the set-up channels here and nothing
 * else that writes. The admin makes a one-time set-up code per station (role, name, an
 * expiry); the new station types it (or a scanner types the QR's payload) and takes the
 * role. Only an admin changes a role or retires a station.
 *
 * Operators are the people at a station: they sign in with a PIN or their staff badge,
 * and every audit row names the one signed in when the write started.
 */

/** Stations where staff sign in as operators. */
export const OPERATOR_ROLES: readonly Role[] = ['admin', 'desk', 'gift', 'floor', 'stamp', 'door'];
const SETUP_ONLY: readonly Role[] = [SETUP_ROLE];

/** Roles an admin may give a station: every role but `setup`. */
const AssignableRole = z.enum(ROLES).refine((r) => r !== SETUP_ROLE, { message: 'a station cannot be given the setup role' });

/**
 * The typed set-up code: 8 characters from an alphabet without look-alikes (no 0/O,
 * 1/I/L, 5/S, 2/Z, 8/B), shown as XXXX-XXXX. Hyphens, spaces and case do not matter.
 */
export const SETUP_CODE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
export const SETUP_CODE_LENGTH = 8;
/** What the QR carries: the code and where the station it came from is (a scanner types it). */
export const SETUP_QR_PREFIX = 'FAIRDESK-SETUP:';

export const Pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');

export const StationRow = StationInfo.extend({
  retired: z.boolean(),
  /** false: started without a role and not yet set up. */
  setUp: z.boolean(),
});
export type StationRow = z.infer<typeof StationRow>;

/** A browser paired with a LAN station (its own device token, kept hashed). */
export const DeviceRow = z.object({
  id: z.string(),
  stationId: z.string(),
  /** "Chrome · Android": the user agent, summarised. */
  label: z.string(),
  address: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  /** null: still allowed. */
  revokedAt: z.string().nullable(),
});
export type DeviceRow = z.infer<typeof DeviceRow>;

export const SetupCode = z.object({
  /** XXXX-XXXX, shown once: the database keeps only its hash. */
  code: z.string(),
  /** The QR's text: prefix, code, where. */
  payload: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  /** Where the new station must point: the venue database (no password) or this station. */
  where: z.string(),
  expiresAt: z.string(),
});
export type SetupCode = z.infer<typeof SetupCode>;

/** What the admin station hands a station joining over the LAN (the venue database location is added by its server, never through the router). */
export const TakenSetupCode = z.object({
  role: z.enum(ROLES),
  name: z.string(),
  /** The id the joining station keeps: its own, unless the venue database already knows that id (then a new one). */
  stationId: z.string(),
});
export type TakenSetupCode = z.infer<typeof TakenSetupCode>;

/** A set-up code still waiting for its station: never the code itself (only its hash is kept). */
export const PendingSetupCode = z.object({
  /** The start of the code's hash: names it for a cancel, cannot redeem it. */
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type PendingSetupCode = z.infer<typeof PendingSetupCode>;

export const OperatorInfo = z.object({
  id: z.string(),
  name: z.string(),
  admin: z.boolean(),
  /** Signs in by scanning this staff badge as well. */
  badgeCode: z.string().nullable(),
  /** Five wrong PINs: locked until this time (an admin's save unlocks). */
  lockedUntil: z.string().nullable(),
});
export type OperatorInfo = z.infer<typeof OperatorInfo>;

export const OperatorSettings = z.object({
  /** Sign the operator out after this long without a call from the station. */
  idleMinutes: z.number().int().min(1).max(720),
  /** true: desk, gift desk and floor refuse writes (scans) until someone signs in. */
  requireOperator: z.boolean(),
});
export type OperatorSettings = z.infer<typeof OperatorSettings>;

const SignedIn = z.object({ id: z.string(), name: z.string(), admin: z.boolean() }).nullable();

export const SignInResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed_in'), operator: z.object({ id: z.string(), name: z.string(), admin: z.boolean() }) }),
  z.object({ status: z.literal('wrong_pin'), triesLeft: z.number().int() }),
  z.object({ status: z.literal('locked'), until: z.string() }),
  /** A badge that is no operator's, or a visitor no longer of the staff category. */
  z.object({ status: z.literal('unknown_badge') }),
]);
export type SignInResult = z.infer<typeof SignInResult>;

export const stationsChannels = {
  'stations.setup.state': channel({
    doc: 'For a station not set up yet: may it become the organiser\'s laptop (no admin in this database yet)?',
    input: z.object({}),
    output: z.object({ canBeOrganiser: z.boolean(), db: z.enum(['sqlite', 'postgres']) }),
    roles: SETUP_ONLY,
    write: false,
  }),
  'stations.setup.redeem': channel({
    doc: 'Take the role and name a set-up code carries (typed XXXX-XXXX or the QR text). One station per code, before its expiry; nothing changes on a refusal.',
    input: z.object({ code: z.string().max(200) }),
    output: z.object({ role: z.enum(ROLES), name: z.string() }),
    roles: SETUP_ONLY,
    write: true,
  }),
  'stations.setup.organiser': channel({
    doc: "First run: this station becomes the organiser's laptop (admin) and its admin PIN is set — only while the database has no admin.",
    input: z.object({ name: z.string().max(40).pipe(z.string().trim().min(1)), pin: Pin }),
    output: z.object({ role: z.enum(ROLES), name: z.string() }),
    roles: SETUP_ONLY,
    write: true,
  }),
  'stations.list': channel({
    doc: 'Stations known to this database, with heartbeat, retired and set-up state.',
    input: z.object({}),
    output: z.array(StationRow),
    roles: ['admin', 'desk', 'floor'],
    write: false,
  }),
  'stations.code.create': channel({
    doc: 'A one-time set-up code for a new station (role, name, expiry), with its QR text.',
    input: z.object({
      name: z.string().max(40).pipe(z.string().trim().min(1)),
      role: AssignableRole,
      validMinutes: z.number().int().min(5).max(7 * 24 * 60).default(120),
    }),
    output: SetupCode,
    roles: ADMIN_ONLY,
    write: true,
  }),
  'stations.role.set': channel({
    doc: "Give a station another role (and name); it takes it at once. Admin only.",
    input: z.object({ stationId: z.string().max(64), role: AssignableRole, name: z.string().max(40).pipe(z.string().trim().min(1)).optional() }),
    output: StationRow,
    roles: ADMIN_ONLY,
    write: true,
  }),
  'stations.retire': channel({
    doc: 'Retire a station: from now on it answers nothing (its router and its LAN token refuse). Admin only; not this station.',
    input: z.object({ stationId: z.string().max(64) }),
    output: StationRow,
    roles: ADMIN_ONLY,
    write: true,
  }),
  'operators.list': channel({
    doc: 'The operators to tap on the sign-in panel, who is signed in here, and the settings.',
    input: z.object({}),
    output: z.object({ operators: z.array(OperatorInfo), current: SignedIn, settings: OperatorSettings }),
    roles: OPERATOR_ROLES,
    write: false,
  }),
  'operators.save': channel({
    doc: 'Add or change an operator (name, PIN, staff badge, admin). Saving unlocks a locked operator. Admin only.',
    input: z.object({
      id: z.string().max(64).optional(),
      name: z.string().max(40).pipe(z.string().trim().min(1)),
      pin: Pin.optional(),
      badgeCode: z.string().max(64).nullable().optional(),
      admin: z.boolean().default(false),
    }),
    output: OperatorInfo,
    roles: ADMIN_ONLY,
    write: true,
  }),
  'operators.retire': channel({
    doc: 'Remove an operator from the sign-in panel (their audit rows keep their id). Admin only.',
    input: z.object({ id: z.string().max(64) }),
    output: z.object({ id: z.string() }),
    roles: ADMIN_ONLY,
    write: true,
  }),
  'operators.signIn': channel({
    doc: 'Sign in at this station with a PIN (tap a name first) or a staff badge. Five wrong PINs lock the operator.',
    input: z.union([z.object({ operatorId: z.string().max(64), pin: z.string().max(16) }), z.object({ badge: z.string().max(200) })]),
    output: SignInResult,
    roles: OPERATOR_ROLES,
    write: true,
    // The PIN's slow hash runs outside any transaction (a scan at this desk never waits
    // behind it); the handler writes its outcome and audit row in one short transaction.
    batched: true,
  }),
  'operators.signOut': channel({
    doc: 'Sign the operator out of this station.',
    input: z.object({}),
    output: z.object({}),
    roles: OPERATOR_ROLES,
    write: true,
  }),
  'operators.settings.set': channel({
    doc: 'Idle sign-out time and whether scans need a signed-in operator. Admin only.',
    input: OperatorSettings,
    output: OperatorSettings,
    roles: ADMIN_ONLY,
    write: true,
  }),
  'stations.code.list': channel({
    doc: 'Set-up codes still waiting for their station (not used, cancelled or expired), oldest first; never the codes themselves.',
    input: z.object({}),
    output: z.array(PendingSetupCode),
    roles: ADMIN_ONLY,
    write: false,
  }),
  'stations.code.cancel': channel({
    doc: 'Cancel a pending set-up code at once: a station typing it afterwards is refused (setup_code_cancelled). Admin only.',
    input: z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) }),
    output: PendingSetupCode,
    roles: ADMIN_ONLY,
    write: true,
  }),
  'stations.setup.join': channel({
    doc:
      "Set this station up from a code made on another station: with the admin station's address (in the QR's text or typed beside the code) a station on its own SQLite asks that station over the LAN, and moves onto the venue database it names (saved in its data folder: the next start needs no --db). Without an address, or on PostgreSQL already, it redeems in its own database like stations.setup.redeem. Nothing is saved on a refusal.",
    input: z.object({ code: z.string().max(300), admin: z.string().max(200).optional() }),
    output: z.object({ role: z.enum(ROLES), name: z.string(), db: z.enum(['sqlite', 'postgres']) }),
    roles: SETUP_ONLY,
    write: true,
    // Talks to another station and opens a database: no transaction of this station's is held meanwhile.
    batched: true,
  }),
  'stations.code.take': channel({
    doc: "The admin station's side of a LAN set-up (its unauthenticated POST /setup/redeem calls this, counting failures per address): uses the code in this database for the joining station, one winner; answers the role, name and station id to use. Admin only.",
    input: z.object({ code: z.string().max(300), stationId: z.string().max(64).pipe(z.string().regex(/^[A-Za-z0-9-]{8,64}$/)) }),
    output: TakenSetupCode,
    roles: ADMIN_ONLY,
    write: true,
  }),
  'stations.devices.list': channel({
    doc: 'The browsers paired with LAN stations (label, address, first and last seen, revoked); never their tokens. Admin only.',
    input: z.object({}),
    output: z.array(DeviceRow),
    roles: ADMIN_ONLY,
    write: false,
  }),
  'stations.devices.revoke': channel({
    doc: "Revoke one browser's device token: its next call and its event stream are refused (device_revoked); the station's other devices keep working. Admin only.",
    input: z.object({ deviceId: z.string().max(64) }),
    output: DeviceRow,
    roles: ADMIN_ONLY,
    write: true,
  }),
  'stations.pairing.rotate': channel({
    doc: "Give a LAN station a new pairing token: its old pairing address pairs no more browser (and opens no API); devices already paired keep working. The station shows the new address where it showed the first. Admin only.",
    input: z.object({ stationId: z.string().max(64) }),
    output: z.object({ stationId: z.string() }),
    roles: ADMIN_ONLY,
    write: true,
  }),
};

/** Pushed after commit; carries no personal data. */
export type StationsEvent =
  | { type: 'stations.changed'; stationId: string; role: Role; name: string; retired: boolean }
  | { type: 'operators.changed' }
  /** A device of a LAN station was revoked: that station cuts its event stream at once. */
  | { type: 'stations.device.revoked'; stationId: string; deviceId: string }
  /** An admin asked for a new pairing token: that station makes one (never sent anywhere). */
  | { type: 'stations.pairing.rotated'; stationId: string };
