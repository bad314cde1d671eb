import { z } from 'zod';
import { channel } from './define';
import { ADMIN_ONLY } from './roles';
import { IsoDay, Nonce, ShortText } from './common.schema';

/** What a visitor who did not consent (개인정보동의 = N) gets at a desk or kiosk. */
export const NO_CONSENT_POLICIES = ['admit', 'admit_no_print', 'refuse'] as const;
/** pseudonymise: names become a stable pseudonym ("참관객 3F2A…"); delete: names emptied. Phones, e-mails and search keys go in both. */
export const PURGE_MODES = ['pseudonymise', 'delete'] as const;

export const PrivacySettings = z.object({
  noConsent: z.enum(NO_CONSENT_POLICIES),
  /** Days after the fair's last day before personal data may be purged. */
  retentionDays: z.number().int().min(0).max(3650),
});
export type PrivacySettings = z.infer<typeof PrivacySettings>;

export const PurgeRun = z.object({
  id: z.string(),
  mode: z.enum(PURGE_MODES),
  state: z.enum(['running', 'done', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type PurgeRun = z.infer<typeof PurgeRun>;

export const PrivacyStatus = z.object({
  settings: PrivacySettings,
  today: IsoDay,
  /** The first day the purge may run (last fair day + retention). */
  eligibleFrom: IsoDay,
  visitors: z.number().int(),
  purged: z.number().int(),
  noConsent: z.number().int(),
  run: PurgeRun.nullable(),
});
export type PrivacyStatus = z.infer<typeof PrivacyStatus>;

export const PersonRecord = z.object({
  code: z.string(),
  nameKo: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  organisation: z.string().nullable(),
  consent: z.boolean(),
  purged: z.boolean(),
  facts: z.object({ checkins: z.number().int(), stamps: z.number().int(), redemptions: z.number().int(), prints: z.number().int(), audit: z.number().int() }),
});
export type PersonRecord = z.infer<typeof PersonRecord>;

export const privacyChannels = {
  'privacy.status': channel({
    doc: 'Closing the fair: settings, when the purge may run, how many visitors are purged, the current or last run.',
    input: z.object({}),
    output: PrivacyStatus,
    roles: ADMIN_ONLY,
    write: false,
  }),
  'privacy.settings.save': channel({
    doc: 'What visitors without consent get, and the retention period before the purge.',
    input: PrivacySettings,
    output: PrivacySettings,
    roles: ADMIN_ONLY,
    write: true,
  }),
  'privacy.bundle': channel({
    doc: 'Closing step 1: every export as XLSX with personal columns into one folder on this station (each export audited).',
    input: z.object({}),
    output: z.object({ folder: z.string(), files: z.array(z.object({ name: z.string(), fileName: z.string(), rows: z.number().int() })) }),
    roles: ADMIN_ONLY,
    write: false,
  }),
  'privacy.purge.start': channel({
    doc: 'Closing step 2: purge personal data of every visitor, in batches (one transaction each); resumes an interrupted run.',
    input: z.object({ mode: z.enum(PURGE_MODES), confirm: z.literal('PURGE') }),
    output: z.discriminatedUnion('status', [
      z.object({ status: z.literal('started'), run: PurgeRun }),
      z.object({ status: z.literal('already_running'), run: PurgeRun }),
      z.object({ status: z.literal('not_yet'), eligibleFrom: IsoDay }),
      z.object({ status: z.literal('nothing_to_do') }),
    ]),
    roles: ADMIN_ONLY,
    write: false,
  }),
  'privacy.lookup': channel({
    doc: 'Per-person request: what this database holds about a visitor, found by code, phone or e-mail.',
    input: z.object({ q: z.string().trim().min(2).max(200) }),
    output: z.array(PersonRecord),
    roles: ADMIN_ONLY,
    write: false,
  }),
  'privacy.erase': channel({
    doc: "Per-person deletion on request: this visitor's name, phone, e-mail and search keys are deleted now (facts and counts stay).",
    input: z.object({ code: z.string().trim().min(1).max(64), nonce: Nonce, reason: ShortText.optional() }),
    output: z.object({ status: z.enum(['erased', 'already_erased']), code: z.string() }),
    roles: ADMIN_ONLY,
    write: true,
  }),
};
