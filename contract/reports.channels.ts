import { z } from 'zod';
import { channel } from './define';
import type { Role } from './roles';

/** Who may take exports and read the audit log: the organiser; the floor manager without personal columns. */
const REPORT_ROLES: readonly Role[] = ['admin', 'floor'];

export const ExportFormat = z.enum(['csv', 'xlsx']);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const ExportEncoding = z.enum(['utf8', 'cp949']);
/** details.reason of a `conflict` answer from reports.export: why the file could not be written. */
export const ExporterInfo = z.object({
  name: z.string(),
  title: z.object({ ko: z.string(), en: z.string() }),
  columns: z.array(z.object({ key: z.string(), ko: z.string(), en: z.string(), personal: z.boolean() })),
});
export type ExporterInfo = z.infer<typeof ExporterInfo>;

export const ExportDone = z.object({
  /** Opaque id for GET /reports/download/<fileId> (browser stations). */
  fileId: z.string(),
  fileName: z.string(),
  /** Where the station saved it (Electron: the screen shows it). */
  path: z.string(),
  rows: z.number().int(),
  bytes: z.number().int(),
  personal: z.boolean(),
});
export type ExportDone = z.infer<typeof ExportDone>;

/** One audit fact as the viewer shows it. `detail` is the stored non-personal JSON. */
export const AuditRow = z.object({
  id: z.string(),
  at: z.string(),
  stationId: z.string(),
  stationName: z.string().nullable(),
  /** The signed-in operator, when the database records one (audit_log.operator_id). */
  operatorId: z.string().nullable(),
  channel: z.string(),
  entityId: z.string().nullable(),
  detail: z.unknown().nullable(),
});
export type AuditRow = z.infer<typeof AuditRow>;

const Filter = z.string().trim().max(120).optional();
const Instant = z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/).optional();

export const reportsChannels = {
  'reports.list': channel({
    doc: 'The exports this station can take (name, KO/EN title, columns with their personal flag).',
    input: z.object({}),
    output: z.array(ExporterInfo),
    roles: REPORT_ROLES,
    write: false,
  }),
  'reports.export': channel({
    doc: 'Write one export to a file on this station (CSV or XLSX, streamed); audited. Personal columns only for admin.',
    input: z.object({ name: z.string().max(60), format: ExportFormat.default('xlsx'), encoding: ExportEncoding.default('utf8'), personal: z.boolean().default(false) }),
    output: ExportDone,
    // Not a router write: a transaction would hold the station's connection for the
    // whole file. The service appends the audit fact itself once the file is complete.
    roles: REPORT_ROLES,
    write: false,
  }),
  'reports.file': channel({
    doc: 'The file behind a finished export (for the download route).',
    input: z.object({ fileId: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/) }),
    output: z.object({ path: z.string(), fileName: z.string(), contentType: z.string() }),
    roles: REPORT_ROLES,
    write: false,
  }),
  'audit.search': channel({
    doc: 'Audit facts, newest first, filtered by station, operator, channel, visitor (entity) and time; paged by cursor.',
    input: z.object({
      stationId: Filter,
      operatorId: Filter,
      channel: Filter,
      entityId: Filter,
      from: Instant,
      to: Instant,
      /** Cursor from the previous page. */
      before: z.object({ at: z.string().max(40), id: z.string().max(60) }).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.object({ rows: z.array(AuditRow), next: z.object({ at: z.string(), id: z.string() }).nullable(), hasOperator: z.boolean() }),
    roles: REPORT_ROLES,
    write: false,
  }),
  'audit.facets': channel({
    doc: 'What the audit viewer can filter on: stations and channels seen in the log.',
    input: z.object({}),
    output: z.object({ stations: z.array(z.object({ id: z.string(), name: z.string() })), channels: z.array(z.string()), hasOperator: z.boolean() }),
    roles: REPORT_ROLES,
    write: false,
  }),
};
