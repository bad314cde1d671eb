/**
 * Takes one export: checks the name and who may have personal columns, streams the
 * file (export-writer.ts) and appends the audit fact once the file is complete.
 *
 * The audit row is written here, not by the router: a router write would hold one
 * transaction (on SQLite, the station's only connection) open for the whole file, and
 * the desks' check-ins would wait behind a 100k-row export.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppFailure, type Role } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { Runtime } from '../../core/runtime';
import { getEvent } from '../system/event.service';
import { findExporter } from './exporters';
import { writeExport, type ExportEncoding, type ExportFormat, type WriteResult } from './export-writer';

export interface ExportRequest {
  name: string;
  format: ExportFormat;
  encoding?: ExportEncoding;
  /** Asked for the personal columns; granted only to admin. */
  personal: boolean;
  out: string;
}

export interface ExportActor {
  db: Kysely<Database>;
  stationId: string;
  role: Role;
  now: () => Date;
  runtime: Runtime;
}

export async function runExport(actor: ExportActor, req: ExportRequest): Promise<WriteResult & { personal: boolean }> {
  const exporter = findExporter(req.name);
  if (!exporter) throw new AppFailure('not_found', `no export named ${req.name.slice(0, 60)}`);
  const personal = req.personal && actor.role === 'admin';
  const { timeZone, categories } = await getEvent(actor.db);
  const categoryKo = new Map(categories.map((c) => [c.id, c.ko]));
  const res = await writeExport(exporter, { db: actor.db, timeZone, categoryKo, personal, now: actor.now(), runtime: actor.runtime }, { format: req.format, encoding: req.encoding, out: req.out });
  await actor.db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      at: actor.now().toISOString(),
      station_id: actor.stationId,
      channel: 'reports.export',
      entity_id: exporter.name,
      // Never the path: it can carry a person's name (a home folder).
      detail: JSON.stringify({ format: req.format, encoding: req.encoding ?? 'utf8', rows: res.rows, bytes: res.bytes, personal }),
    })
    .execute();
  return { ...res, personal };
}
