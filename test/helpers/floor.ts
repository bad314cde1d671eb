/**
 * Floor test steps: the participants of the meetings a round would start come to their
 * tables (a round starts only meetings whose participants arrived). Through the router,
 * like the floor console's arrival buttons.
 */
import { randomUUID } from 'node:crypto';
import type { FloorState } from '../../contract/index';
import type { Station } from '../../main/core/station';
import { api, type RunningServer } from './e2e';

/** A station in-process, or a running server over HTTP (e2e): both answer a channel call. */
type Caller = Station | RunningServer;
async function call<T>(s: Caller, channel: string, input: unknown): Promise<T> {
  const r = 'invoke' in s ? await (s.invoke as (c: string, i: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>)(channel, input) : await api(s, channel, input);
  if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

/**
 * Marks both sides arrived for each table's next open meeting (the one a round would
 * start), except at the tables listed in `skip` (name → which sides stay away).
 * Returns the meeting ids touched.
 */
export async function arriveForRound(s: Caller, skip: Record<string, 'both' | 'buyer'> = {}): Promise<string[]> {
  const st = await call<FloorState>(s, 'floor.state', {});
  const ids: string[] = [];
  for (const t of st.tables) {
    const m = [t.now, t.next].find((x) => x && (x.phase === 'scheduled' || x.phase === 'waiting'));
    if (!m || skip[t.name] === 'both') continue;
    const sides = skip[t.name] === 'buyer' ? (['arrived_seller'] as const) : (['arrived_seller', 'arrived_buyer'] as const);
    for (const action of sides) {
      if ((action === 'arrived_seller' && m.arrivedSeller) || (action === 'arrived_buyer' && m.arrivedBuyer)) continue;
      await call(s, 'floor.meeting.act', { nonce: randomUUID(), meetingId: m.id, action });
    }
    ids.push(m.id);
  }
  return ids;
}
