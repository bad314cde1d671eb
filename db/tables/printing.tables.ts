/** Printing tables (joined into Database in db/schema.ts). */

import type { BadgeStock, JobState, PrinterKind, PrintJobView } from '../../contract/index';

/** A thermal printer the venue configured (console → Printers). */
export interface PrintersTable {
  id: string;
  name: string;
  /** 'epson' (ESC/POS) or 'star' (Star line mode). */
  kind: PrinterKind;
  /** `tcp://host:9100` (the only transport the queue drives today). */
  interface: string;
  /** Width of the paper loaded in the printer, in mm (58, 80 or 100). */
  paper_mm: number;
  /** Badge stock printed on it: roll80 | roll58 | label100x60. */
  stock: BadgeStock;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** Which printer a station prints its badges on, and whether check-in prints automatically. */
export interface StationPrintersTable {
  station_id: string;
  printer_id: string | null;
  auto_print: number;
  updated_at: string;
}

/**
 * One print request (a fact): who asked, for which visitor, why (reprint reason), and
 * its current state. `first_of` is the visitor code for a visitor's first badge and
 * NULL otherwise: its unique index lets the database — not the process — settle two
 * desks racing to print the same first badge. Every state change is also appended to
 * print_job_events, so the log shows the job's whole history.
 */
export interface PrintJobsTable {
  id: string;
  kind: PrintJobView['kind'];
  visitor_code: string | null;
  first_of: string | null;
  printer_id: string;
  printer_name: string;
  station_id: string;
  station_name: string;
  reason: string | null;
  nonce: string;
  state: JobState;
  attempts: number;
  last_error: string | null;
  created_at: string;
  printed_at: string | null;
  updated_at: string;
  /** After this instant (ISO) the job must not print: the worker fails it as `expired` (kiosk badges; NULL = never). */
  expires_at: string | null;
}

/** Append-only history of every job's state changes (queued, printing, retry, printed, failed). */
export interface PrintJobEventsTable {
  id: string;
  job_id: string;
  at: string;
  /** The job's states, plus 'retry' (a failed attempt that will be tried again) and 'cancelled' (staff cancelled it: the job itself is failed). */
  state: JobState | 'retry' | 'cancelled';
  detail: string | null;
}

export interface PrintingTables {
  printers: PrintersTable;
  station_printers: StationPrintersTable;
  print_jobs: PrintJobsTable;
  print_job_events: PrintJobEventsTable;
}
