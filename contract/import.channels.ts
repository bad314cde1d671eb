import { z } from 'zod';
import { channel } from './define';
import { ShortText } from './common.schema';

/** Largest upload accepted (base64 text): ~60 MB of file — 100k registrations is ~15 MB. */
export const MAX_IMPORT_BASE64 = 80_000_000;

/** Why a row was rejected — codes, so the renderer can say it in Korean or English. */
export const REJECT_REASONS = [
  'missing_code',
  'missing_name',
  'invalid_code',
  'duplicate_in_file',
  'too_long',
  'invalid_days',
  'invalid_category',
  'invalid_phone',
  'invalid_email',
  'invalid_row',
] as const;
export const RejectReason = z.enum(REJECT_REASONS);
export type RejectReason = z.infer<typeof RejectReason>;

export const RejectedRow = z.object({
  /** 1-based row number as a spreadsheet shows it (header is row 1). */
  row: z.number().int(),
  reason: RejectReason,
  /** Which column or value caused it (never a phone or e-mail). */
  detail: z.string().optional(),
});
export type RejectedRow = z.infer<typeof RejectedRow>;

export const ImportPreview = z.object({
  importId: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string(),
  /** Header → field it was mapped to (null: ignored column). */
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable() })),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  newCount: z.number().int(),
  updateCount: z.number().int(),
  rejected: z.array(RejectedRow),
  rejectedTotal: z.number().int(),
  /** First rows as they will be stored (masked) so staff can eyeball the mapping. */
  sample: z.array(
    z.object({
      code: z.string(),
      nameKo: z.string(),
      nameEn: z.string().nullable(),
      organisation: z.string().nullable(),
      category: z.string(),
      phoneMasked: z.string().nullable(),
      registeredDays: z.array(z.string()),
    }),
  ),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportSummary = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  ms: z.number(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const importChannels = {
  'import.registrations.preview': channel({
    doc: 'Parse an uploaded registrations file (CSV UTF-8/CP949 or XLSX): mapping, preview and rejected rows. Writes nothing.',
    input: z.object({ fileName: ShortText, dataBase64: z.string().max(MAX_IMPORT_BASE64) }),
    output: ImportPreview,
    roles: ['admin', 'desk'],
    write: false,
  }),
  'import.registrations.commit': channel({
    doc: 'Apply a previewed import: upsert visitors by registration code. All or nothing.',
    input: z.object({ importId: z.string().max(64) }),
    output: ImportSummary,
    roles: ['admin', 'desk'],
    write: true,
  }),
};
