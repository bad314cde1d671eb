/** The organiser's privacy settings (privacy_settings rows), with the defaults a new fair starts with. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { PrivacySettings } from '../../../contract/index';

/** Admit as before (nothing changes for a fair that never set it); keep personal data a year, as the consent text promises. */
export const DEFAULT_PRIVACY: PrivacySettings = { noConsent: 'admit', retentionDays: 365 };

export async function readPrivacySettings(db: Kysely<Database>): Promise<PrivacySettings> {
  const row = await db.selectFrom('privacy_settings').select('value').where('key', '=', 'privacy').executeTakeFirst();
  if (!row) return DEFAULT_PRIVACY;
  const parsed = PrivacySettings.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_PRIVACY;
}

export async function savePrivacySettings(db: Kysely<Database>, s: PrivacySettings, now: string): Promise<PrivacySettings> {
  const value = JSON.stringify(s);
  await db
    .insertInto('privacy_settings')
    .values({ key: 'privacy', value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
  return s;
}

/** The first day the purge may run: the fair's last day + the retention period. */
export function eligibleFrom(days: string[], retentionDays: number): string {
  const last = [...days].sort().at(-1) ?? '1970-01-01';
  const d = new Date(`${last}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + retentionDays);
  return d.toISOString().slice(0, 10);
}

export type NoConsentPolicy = PrivacySettings['noConsent'];

/**
 * What this visitor gets under the no-consent policy: null when they consented (the
 * common case costs no query), else the fair's policy. The desk and the kiosk both ask
 * here, so one setting decides for every station.
 */
export async function noConsentPolicyFor(db: Kysely<Database>, visitor: { consent: number }): Promise<NoConsentPolicy | null> {
  if (visitor.consent !== 0) return null;
  return (await readPrivacySettings(db)).noConsent;
}
