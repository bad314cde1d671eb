// The raw limit of a venue's event fan-out (venue.bench.ts): a bare pg client that LISTENs
// and JSON-parses each notification — what the least a station process can do to hear
// another desk's check-in costs this machine. Reports its CPU and how many it heard.
//   ← 'ready'   → 'stop'   ← { heard, cpuMs }
import pg from 'pg';

const [url, channel] = process.argv.slice(2);
const client = new pg.Client({ connectionString: url });
await client.connect();
let heard = 0;
client.on('notification', (m) => {
  if (m.payload) JSON.parse(m.payload);
  heard++;
});
await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
let cpu0 = process.cpuUsage();
process.on('message', async (m) => {
  if (m === 'go') {
    heard = 0;
    cpu0 = process.cpuUsage();
    return;
  }
  const c = process.cpuUsage(cpu0);
  process.send({ heard, cpuMs: (c.user + c.system) / 1000 });
  await client.end().catch(() => undefined);
  process.exit(0);
});
process.send('ready');
