import { openCliStation } from '../cli-station';
import type { CliCommand } from './index';

export const stationsCommand: CliCommand = {
  words: ['stations'],
  usage: 'stations [--data DIR] [--db URL]',
  doc: 'List the stations known to the database, with their last heartbeat.',
  async run(_rest, flags) {
    const station = await openCliStation(flags);
    try {
      const r = await station.invoke('system.stations', {});
      if (!r.ok) throw new Error(r.error.message);
      for (const s of r.value) console.log(`${s.online ? '●' : '○'} ${s.name}\t${s.role}\t${s.version}\t${s.lastSeenAt}`);
      return 0;
    } finally {
      await station.close();
    }
  },
};
