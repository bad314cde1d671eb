/**
 * The one owner of `booth_facts`: what happened at a video booth, append-only — the
 * buyer connected, the link failed, a retry, the tech check, an interpreter set for the
 * booth or for one meeting. A fact's place is its per-booth `seq` (clocks can repeat an
 * instant); two PCs tapping at once collide on (booth, seq) and the later one re-reads.
 * The floor (programme room) reads a meeting's interpreter and link state from here.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectionState } from '../../../contract/index';
import type { HandlerCtx } from '../../core/router';
import { BOOTH_FACT_TYPES, type BoothFactsTable, type BoothFactType } from '../../../db/tables/booth.tables';

type Db = HandlerCtx['db'];

export { BOOTH_FACT_TYPES, type BoothFactType };

export interface BoothFact {
  booth: string;
  seq: number;
  meetingId: string | null;
  type: BoothFactType;
  value: string | null;
  at: number;
}

const toFact = (r: BoothFactsTable): BoothFact | null =>
  (BOOTH_FACT_TYPES as readonly string[]).includes(r.type)
    ? { booth: r.booth, seq: r.seq, meetingId: r.meeting_id, type: r.type, value: r.value, at: Date.parse(r.at) }
    : null;

/** Every fact of the given booths (venues), in order. */
export async function factsOfBooths(db: Db, booths: readonly string[]): Promise<BoothFact[]> {
  if (booths.length === 0) return [];
  const out: BoothFact[] = [];
  const unique = [...new Set(booths)];
  for (let k = 0; k < unique.length; k += 500) {
    const rows = await db.selectFrom('booth_facts').selectAll().where('booth', 'in', unique.slice(k, k + 500)).orderBy('booth').orderBy('seq').execute();
    for (const r of rows) {
      const f = toFact(r);
      if (f) out.push(f);
    }
  }
  return out;
}

/** What the booth facts say about one meeting. */
export interface MeetingBoothState {
  interpreter: string | null;
  connection: ConnectionState;
  connectionAt: number | null;
  failures: number;
}

/**
 * A meeting's interpreter and link, from its booth's facts (in seq order). The file is
 * the plan, the console is what happened: the latest console word that covers the
 * meeting wins — one set for the meeting, or one set for the booth before the meeting
 * ended (a change at 12:30 covers the running meeting and the later ones; finished
 * meetings keep theirs) — and '' means explicitly none. Without one, the file's.
 */
export function meetingBoothState(
  facts: readonly BoothFact[],
  meeting: { id: string; venue: string; interpreter: string | null },
  plannedEnd: number,
): MeetingBoothState {
  let said: string | null | undefined;
  let connection: ConnectionState = 'waiting';
  let connectionAt: number | null = null;
  let failures = 0;
  for (const f of facts) {
    if (f.booth !== meeting.venue) continue;
    if (f.meetingId === null) {
      if (f.type === 'interpreter' && f.at < plannedEnd) said = f.value || null;
      continue;
    }
    if (f.meetingId !== meeting.id) continue;
    switch (f.type) {
      case 'interpreter':
        said = f.value || null;
        break;
      case 'connected':
      case 'failed':
      case 'retry':
        connection = f.type === 'retry' ? 'retrying' : f.type;
        connectionAt = f.at;
        if (f.type === 'failed') failures++;
        break;
      case 'tech_ok':
      case 'tech_failed':
        break;
    }
  }
  return { interpreter: said !== undefined ? said : meeting.interpreter, connection, connectionAt, failures };
}

/** The booth's own interpreter now (the latest booth-wide interpreter fact). */
export function boothInterpreter(facts: readonly BoothFact[], booth: string): string | null {
  let v: string | null = null;
  for (const f of facts) if (f.booth === booth && f.meetingId === null && f.type === 'interpreter') v = f.value || null;
  return v;
}

/** The latest tech check of the booth at or after `since` (the day's start). */
export function latestTechCheck(facts: readonly BoothFact[], booth: string, since: number): BoothFact | null {
  let last: BoothFact | null = null;
  for (const f of facts) if (f.booth === booth && (f.type === 'tech_ok' || f.type === 'tech_failed') && f.at >= since) last = f;
  return last;
}

/**
 * Appends one fact. `recorded`; `repeat` when the nonce was seen (a retried request);
 * `raced` when another PC's fact took the booth's next place first (the caller re-reads
 * and decides again — nothing was written).
 */
export async function appendBoothFact(
  ctx: HandlerCtx,
  f: { booth: string; meetingId: string | null; type: BoothFactType; value: string | null; at: number; nonce: string },
): Promise<'recorded' | 'repeat' | 'raced'> {
  if (await nonceSeen(ctx.db, f.nonce)) return 'repeat';
  const last = await ctx.db.selectFrom('booth_facts').select((e) => e.fn.max('seq').as('seq')).where('booth', '=', f.booth).executeTakeFirst();
  const r = await ctx.db
    .insertInto('booth_facts')
    .values({
      id: randomUUID(),
      booth: f.booth,
      seq: Number(last?.seq ?? 0) + 1,
      meeting_id: f.meetingId,
      type: f.type,
      value: f.value,
      at: new Date(f.at).toISOString(),
      station_id: ctx.station.id,
      nonce: f.nonce,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) return 'recorded';
  return (await nonceSeen(ctx.db, f.nonce)) ? 'repeat' : 'raced';
}

async function nonceSeen(db: Db, nonce: string): Promise<boolean> {
  return (await db.selectFrom('booth_facts').select('id').where('nonce', '=', nonce).executeTakeFirst()) !== undefined;
}
