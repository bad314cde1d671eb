/**
 * A desk station in a process of its own, for the power-cut test (offline.kill.test.ts):
 * it opens the way a station process does (its pg pool, replica and offline worker), says
 * `ready` once its replica has synced, then, on `scan`, scans the codes one after another
 * without pause and sends each answer the moment it has it — the parent kills the process
 * with SIGKILL on an answer, so the next scan is in flight when it dies.
 *
 *   ← { type: 'ready' }
 *   → { type: 'scan', codes: string[] }
 *   ← { type: 'answer', nonce, status, offline }   (one per code)
 */
import { FakeClock } from '../../main/core/clock';
import { createStation } from '../../main/core/station';

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`--${name} missing`);
  return process.argv[i + 1]!;
}

async function main(): Promise<void> {
  const station = await createStation(
    { dataDir: arg('dir'), db: { kind: 'postgres', url: arg('url') } },
    { clock: new FakeClock(arg('clock')), heartbeat: false, offline: true, identity: { id: arg('id'), name: 'Killed desk', role: 'desk' } },
  );
  for (;;) {
    const s = station.runtime.offline?.status();
    if (s && s.replicaAgeMs !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  process.send!({ type: 'ready' });
  process.on('message', async (msg: { type: string; codes: string[] }) => {
    if (msg.type !== 'scan') return;
    for (const [i, code] of msg.codes.entries()) {
      const nonce = `killed-desk-${i}`;
      const r = await station.invoke('checkin.scan', { code, nonce });
      process.send!({ type: 'answer', nonce, status: r.ok ? r.value.status : `error:${r.error.code}`, offline: (r as { offline?: boolean }).offline === true });
    }
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
