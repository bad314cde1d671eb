/**
 * `npm run cli -- venue init --db postgres://…` — prepares an empty venue database:
 * runs every migration and writes the default event, so the first stations can start
 * against it. Safe to run again (migrations and the event row are idempotent).
 */
import { systemClock } from '../../core/clock';
import { ConfigError, stationConfigFrom } from '../../core/config';
import { migrateToLatest, openDatabase } from '../../../db/connect';
import { migrations } from '../../../db/migrations/index';
import { ensureEvent, getEvent } from '../../services/system/event.service';
import type { CliCommand } from './index';

export const venueInitCommand: CliCommand = {
  words: ['venue', 'init'],
  usage: 'venue init --db postgres://user:pass@host:5432/db',
  doc: 'Prepare an empty venue PostgreSQL database (tables + event); safe to repeat.',
  async run(_rest, flags) {
    const cfg = stationConfigFrom(flags);
    if (cfg.db.kind !== 'postgres') throw new ConfigError('venue init needs --db postgres://… (or FAIRDESK_DB)');
    const handle = await openDatabase(cfg.db);
    try {
      await migrateToLatest(handle.db);
      await ensureEvent(handle.db, systemClock.now().toISOString());
      const event = await getEvent(handle.db);
      console.log(`FairDesk: venue database ready at ${handle.where}`);
      console.log(`  schema: ${Object.keys(migrations).length} migrations (latest ${Object.keys(migrations).at(-1)})`);
      console.log(`  event:  ${event.name.ko} / ${event.name.en} (${event.days.join(', ')})`);
      const u = new URL(cfg.db.url);
      console.log(`  stations: npm run serve -- --db 'postgres://STATION_ROLE:PASSWORD@${u.host}${u.pathname}' --role desk --name "Desk 1"`);
      console.log('  (roles, GRANTs, TLS and backups: docs/VENUE.md)');
      return 0;
    } finally {
      await handle.close();
    }
  },
};
