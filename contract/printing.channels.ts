/**
 * Badge printing: printers, which printer each station uses, print requests (first
 * badge, reprints with a reason), the print log and the live preview. Printing never
 * blocks a check-in: a request only queues a job; the station's queue prints it after
 * commit, one job at a time per printer, and reports through PrintingEvent.
 */
import { z } from 'zod';
import { channel } from './define';
import { Category, IsoTime, Nonce, ScanCode, ShortText } from './common.schema';

export const PRINTER_KINDS = ['epson', 'star'] as const;
export const PrinterKind = z.enum(PRINTER_KINDS);
export type PrinterKind = z.infer<typeof PrinterKind>;

/** Badge stock: 80 mm and 58 mm continuous rolls, or a 100×60 mm die-cut label. */
export const BADGE_STOCKS = ['roll80', 'roll58', 'label100x60'] as const;
export const BadgeStock = z.enum(BADGE_STOCKS);
export type BadgeStock = z.infer<typeof BadgeStock>;

export const PAPER_MM = [58, 80, 100] as const;

export const REPRINT_REASONS = ['lost', 'misprint', 'name_change'] as const;
/** Why a badge is printed again: one of the common reasons, or a short free text. */
export const ReprintReason = z.union([z.enum(REPRINT_REASONS), ShortText.trim().min(2).max(80)]);

/**
 * Why a printer or job failed: printer_offline (refused, unreachable, reports jammed /
 * cover open), printer_timeout, printer_interrupted (the connection broke after the job
 * was sent — not retried automatically so nothing prints twice), paper_mismatch,
 * render_failed, station_restarted (the station stopped mid-job), cancelled (taken out
 * of the queue before it reached the printer: by the kiosk that gave up on it, or by staff),
 * expired (a kiosk badge still queued past its expiry: the print worker never prints it).
 */
export const PrintFailure = z.enum(['printer_offline', 'printer_timeout', 'printer_interrupted', 'paper_mismatch', 'render_failed', 'station_restarted', 'no_printer', 'cancelled', 'expired']);
export type PrintFailure = z.infer<typeof PrintFailure>;

export const JOB_STATES = ['queued', 'printing', 'printed', 'failed'] as const;
export const JobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobState>;

export const PrinterInput = z.object({
  id: z.string().max(64).optional(),
  name: ShortText.trim().min(1).max(60),
  kind: PrinterKind,
  /** `tcp://host:9100`. */
  interface: z.string().trim().min(1).max(200),
  paperMm: z.union([z.literal(58), z.literal(80), z.literal(100)]),
  stock: BadgeStock,
  enabled: z.boolean().default(true),
});
export type PrinterInput = z.infer<typeof PrinterInput>;

export const PrinterView = z.object({
  id: z.string(),
  name: z.string(),
  kind: PrinterKind,
  interface: z.string(),
  paperMm: z.number().int(),
  stock: BadgeStock,
  enabled: z.boolean(),
  /** null until the station has talked to the printer. */
  online: z.boolean().nullable(),
  reason: PrintFailure.optional(),
  queued: z.number().int(),
  /** Stations that print on it. */
  stations: z.array(z.string()),
});
export type PrinterView = z.infer<typeof PrinterView>;

export const PrinterStatus = z.object({ printerName: z.string().nullable(), online: z.boolean(), reason: z.string().optional() });
export type PrinterStatus = z.infer<typeof PrinterStatus>;

/** The answer to a print request (kiosk and desk). */
export const PrintRequestOutcome = z.object({
  /**
   * queued; no_printer (station has none); printer_offline (queued, prints when it is back); already_printed (nothing queued);
   * waiting: nothing queued because a badge of this visitor has not come out yet — it waits for its printer (or the printer is
   * taking it right now). `jobId`/`printerName`/`firstStation` name that job, `queuedAt` when it was asked for.
   */
  status: z.enum(['queued', 'no_printer', 'printer_offline', 'already_printed', 'waiting']),
  jobId: z.string().optional(),
  printerName: z.string().optional(),
  /** For already_printed: when and where the first badge was printed (or asked for). */
  firstPrintedAt: IsoTime.optional(),
  firstStation: z.string().optional(),
  /** For waiting: when the badge still waiting was asked for. */
  queuedAt: IsoTime.optional(),
  /** A request with a reason that replaced a badge still waiting in the queue: that job, now cancelled. */
  replaced: z.string().optional(),
});
export type PrintRequestOutcome = z.infer<typeof PrintRequestOutcome>;

/**
 * The answer to cancelling a job. Only a job still waiting in the queue can be cancelled
 * (it then ends 'failed' with the reason 'cancelled' and is never sent); a job the printer
 * is taking right now cannot: `printing` says so, and it ends printed or failed as usual.
 * `failed` = it had already failed for another reason (nothing will print either).
 */
export const JobCancelOutcome = z.object({ status: z.enum(['cancelled', 'printing', 'printed', 'failed', 'not_found']) });
export type JobCancelOutcome = z.infer<typeof JobCancelOutcome>;

export const PrintJobView = z.object({
  id: z.string(),
  kind: z.enum(['badge', 'test', 'receipt', 'itinerary', 'ticket']),
  code: z.string().nullable(),
  state: JobState,
  reason: z.string().nullable(),
  error: z.string().nullable(),
  printerName: z.string(),
  stationName: z.string(),
  attempts: z.number().int(),
  createdAt: IsoTime,
  printedAt: IsoTime.nullable(),
  events: z.array(z.object({ at: IsoTime, state: z.string(), detail: z.string().nullable() })),
});
export type PrintJobView = z.infer<typeof PrintJobView>;

export const StationPrinting = z.object({
  stationId: z.string(),
  stationName: z.string(),
  role: z.string(),
  printerId: z.string().nullable(),
  autoPrint: z.boolean(),
});
export type StationPrinting = z.infer<typeof StationPrinting>;

export const printingChannels = {
  'printing.printers.list': channel({
    doc: 'Every configured printer with its last known state and queue length.',
    input: z.object({}),
    output: z.object({ printers: z.array(PrinterView) }),
    roles: ['admin', 'desk', 'floor'],
    write: false,
  }),
  'printing.printers.save': channel({
    doc: 'Add or edit a printer. Refuses a badge stock wider than the paper in the printer.',
    input: PrinterInput,
    output: z.discriminatedUnion('status', [
      z.object({ status: z.literal('saved'), printer: PrinterView }),
      z.object({ status: z.literal('paper_mismatch'), needMm: z.number().int(), paperMm: z.number().int() }),
      z.object({ status: z.literal('bad_interface') }),
    ]),
    roles: ['admin'],
    write: true,
  }),
  'printing.stations.list': channel({
    doc: 'Which printer every station prints on, and whether it prints on check-in.',
    input: z.object({}),
    output: z.object({ stations: z.array(StationPrinting) }),
    roles: ['admin'],
    write: false,
  }),
  'printing.station.get': channel({
    doc: "This station's printer and auto-print setting.",
    input: z.object({}),
    output: StationPrinting,
    roles: ['admin', 'desk', 'kiosk'],
    write: false,
  }),
  'printing.station.set': channel({
    doc: 'Assign a printer to a station (admin: any station; desk: itself) and turn auto-print on check-in on/off.',
    input: z.object({ stationId: z.string().max(64).optional(), printerId: z.string().max(64).nullable(), autoPrint: z.boolean() }),
    output: StationPrinting,
    roles: ['admin', 'desk'],
    write: true,
  }),
  'printing.status': channel({
    doc: "This station's printer: name and whether it is online.",
    input: z.object({}),
    output: PrinterStatus,
    roles: ['admin', 'desk', 'kiosk'],
    write: false,
  }),
  'printing.badge.print': channel({
    doc: "Print a visitor's badge on this station's printer. Without a reprint reason a second badge is refused (already_printed, with when and where).",
    input: z.object({ code: ScanCode, nonce: Nonce, reprintReason: ReprintReason.optional() }),
    output: PrintRequestOutcome,
    // Not the kiosk: it prints only the visitor it just identified, through kiosk.confirm /
    // kiosk.walkIn / kiosk.staffReprint (ticket + staff PIN), never a code typed at it.
    roles: ['admin', 'desk'],
    write: true,
  }),
  'printing.badge.preview': channel({
    doc: 'The exact raster the printer would get, as a PNG data URL: a visitor (code) or a sample of a category.',
    input: z.object({ code: ScanCode.optional(), category: Category.optional(), stock: BadgeStock.optional(), sampleName: ShortText.optional() }),
    output: z.object({ dataUrl: z.string(), width: z.number().int(), height: z.number().int(), stock: BadgeStock }),
    roles: ['admin', 'desk'],
    write: false,
  }),
  'printing.templates': channel({
    doc: 'Badge templates: label, colour and thermal band style per category; size of each stock.',
    input: z.object({}),
    output: z.object({
      categories: z.array(z.object({ category: Category, labelKo: z.string(), labelEn: z.string(), colour: z.string(), band: z.enum(['solid', 'outline', 'striped']) })),
      stocks: z.array(z.object({ stock: BadgeStock, widthDots: z.number().int(), heightDots: z.number().int(), paperMm: z.number().int() })),
    }),
    roles: ['admin', 'desk'],
    write: false,
  }),
  'printing.log': channel({
    doc: "A visitor's print log (every badge and reprint with its history), or the latest jobs when no code is given.",
    input: z.object({ code: ScanCode.optional(), limit: z.number().int().min(1).max(200).optional() }),
    output: z.object({ jobs: z.array(PrintJobView) }),
    roles: ['admin', 'desk', 'floor'],
    write: false,
  }),
  'printing.job.cancel': channel({
    doc: 'Cancel a queued print job (any station\'s) so it is never printed; a job being printed right now cannot be cancelled.',
    input: z.object({ jobId: z.string().min(1).max(64) }),
    output: JobCancelOutcome,
    roles: ['admin', 'desk'],
    write: true,
  }),
  'printing.testPage': channel({
    doc: 'Queue a test badge on a printer (this station prints it).',
    input: z.object({ printerId: z.string().max(64), nonce: Nonce }),
    output: z.object({ jobId: z.string() }),
    roles: ['admin'],
    write: true,
  }),
};

/** Push events: a printer came or went; a job changed state. No personal data (codes only). */
export type PrintingEvent =
  /** `at`: the station clock's time of the change (a rehearsal's time in a rehearsal), for the consoles' alerts. */
  /**
   * `alertId`/`stationId` when the printer went offline: one alert for the venue, taken once for every
   * console (kiosk.alert.ack → kiosk.alert.acked), as kiosk alerts are (main/services/kiosk/kiosk-alerts.service).
   */
  | { type: 'printing.printer'; printerId: string; printerName: string; online: boolean; reason?: PrintFailure; at?: string; alertId?: string; stationId?: string }
  | {
      type: 'printing.job';
      jobId: string;
      /** Station whose queue prints the job. */
      stationId: string;
      printerId: string;
      printerName: string;
      code: string | null;
      state: JobState | 'retry';
      error?: PrintFailure;
      /** A failed job is an alert taken once for every console (as `printing.printer`'s). */
      alertId?: string;
      at?: string;
    };
