import { z } from 'zod';
import { channel } from './define';
import { ShortText } from './common.schema';

/** Largest upload accepted (base64 text): ~60 MB of file — 100k registrations is ~15 MB. */
export const MAX_IMPORT_BASE64 = 80_000_000;

/** Why a row was rejected — codes, so the renderer can say it in Korean or English. */
const REJECT_REASONS = [
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
  /** duplicate_in_file: the earlier row that was kept. */
  firstRow: z.number().int().optional(),
});
export type RejectedRow = z.infer<typeof RejectedRow>;

/**
 * Why a whole file was refused, sent as `error.details.reason` of an `import_failed`
 * error so the screen can say it in Korean or English. `missing_columns` also carries
 * `missing` (field ids) and `found` (the file's headers).
 */
const IMPORT_FAILURES = [
  'empty_file', // zero bytes, or only blank lines
  'not_a_table', // binary junk, an image, a PDF …: not CSV text and not XLSX
  'xls_not_supported', // the old binary Excel format (.xls): save as .xlsx or CSV
  'unreadable_xlsx', // a zip that is not a readable XLSX workbook
  'no_rows', // a header but no data rows
  'missing_columns', // no registration code or no name column at all
  'too_large', // over MAX_IMPORT_BASE64
  'expired', // commit of an import that is no longer staged (applied already, or too old)
  'nul_in_text', // a text file with a stray NUL character (details.line): remove it and save again
  'mixed_encoding', // some lines UTF-8, others CP949 (details.line: the first of the other kind)
] as const;
export const ImportFailure = z.enum(IMPORT_FAILURES);
export type ImportFailure = z.infer<typeof ImportFailure>;
export interface ImportFailureDetails {
  reason: ImportFailure;
  missing?: string[];
  found?: string[];
  /** 1-based line of the file the failure is about (nul_in_text, mixed_encoding). */
  line?: number;
}

/** What every file import reports about the file itself (registrations, programme). */
export const ImportedFile = z.object({
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string(),
  /** Header → field it was mapped to (null: ignored column). */
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable() })),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  rejectedTotal: z.number().int(),
});

export const ImportPreview = ImportedFile.extend({
  importId: z.string(),
  newCount: z.number().int(),
  updateCount: z.number().int(),
  rejected: z.array(RejectedRow),
  /** Valid rows whose 개인정보동의 is N (or empty): imported, stored with consent = N; staff see how many before applying. */
  noConsentCount: z.number().int(),
  /** Their spreadsheet row numbers (the first 20). */
  noConsentRows: z.array(z.number().int()),
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
  /** Rows of visitors purged when the fair closed: skipped and left purged (not in `unchanged`). */
  purged: z.number().int().optional(),
  rejected: z.number().int(),
  ms: z.number(),
  /** Stopped by import.registrations.cancel: the batches before it stay applied (the same file applies the rest). */
  cancelled: z.boolean().optional(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const importChannels = {
  'import.registrations.preview': channel({
    doc: 'Parse an uploaded registrations file (CSV UTF-8/CP949 or XLSX): mapping, preview and rejected rows. Writes nothing.',
    input: z.object({
      fileName: ShortText,
      dataBase64: z.string().max(MAX_IMPORT_BASE64),
      /** Chosen by the screen: the parse reports import.progress under this id (phase "preview"). */
      progressId: z.string().max(64).optional(),
    }),
    output: ImportPreview,
    roles: ['admin', 'desk'],
    write: false,
  }),
  'import.registrations.commit': channel({
    doc: 'Apply a previewed import: upsert visitors by registration code, in batches of a few thousand per transaction (check-ins go through between them). Upserts by code are idempotent: after a failure or a cancel, applying the same file again finishes it.',
    input: z.object({ importId: z.string().max(64) }),
    output: ImportSummary,
    roles: ['admin', 'desk'],
    write: true,
    batched: true,
  }),
  'import.registrations.cancel': channel({
    doc: 'Stop an import being applied after its current batch (what is applied stays; the answer says whether it was still running).',
    input: z.object({ importId: z.string().max(64) }),
    output: z.object({ cancelled: z.boolean() }),
    roles: ['admin', 'desk'],
    write: false,
  }),
};
