import { randomUUID } from 'node:crypto';
import type { Role } from '../../contract/index';
import type { DbTarget } from '../../db/connect';
import type { FakeClock } from '../../main/core/clock';
import type { Station } from '../../main/core/station';
import type { TestDatabase } from './databases';
import { testStation } from './station';
import { VERSION } from '../../main/core/station';
import { registerStation } from '../../main/services/system/station.service';

/** What a test needs of a station: who it is, and its calls. */
export type Peer = Pick<Station, 'identity' | 'invoke' | 'close'>;

/**
 * Another station on the same database as `home`. On PostgreSQL: its own core, as another
 * machine would be, so racing calls truly race. A SQLite file belongs to one station
 * process (browsers share it through the station server), so there "another station" is
 * another caller of the same core, and its transactions serialize.
 */
export async function peerStation(
  tdb: TestDatabase,
  home: Station & { clock: FakeClock; dataDir: string },
  target: DbTarget,
  role: Role,
  name: string,
): Promise<Peer> {
  if (tdb.name === 'postgres') return testStation({ role, name, dataDir: home.dataDir, db: target, clock: home.clock });
  const identity = { id: randomUUID(), name, role };
  // Listed like a real station (rally.station.assign refuses ids no station has).
  await registerStation(home.handle.db, identity, VERSION, home.clock.now().toISOString());
  return { identity, invoke: (ch, input) => home.router.invoke({ station: identity }, ch, input), close: async () => undefined };
}
