/**
 * One audit row, written in the caller's transaction so it commits with the write it
 * describes. The router writes it for every ordinary write; handlers that open their own
 * short transactions (batched channels, import batches, device pairing) write it here
 * too, so the row's shape is stated once. `detail` carries non-personal detail only.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface AuditFact {
  at: string;
  stationId: string;
  channel: string;
  entityId: string | null;
  detail?: Record<string, unknown> | null;
  operatorId?: string | null;
}

export async function writeAudit(db: Kysely<Database>, fact: AuditFact): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      at: fact.at,
      station_id: fact.stationId,
      channel: fact.channel,
      entity_id: fact.entityId,
      detail: fact.detail ? JSON.stringify(fact.detail) : null,
      operator_id: fact.operatorId ?? null,
    })
    .execute();
}
