/**
 * The socket half of printing: sends one job to a networked printer (raw TCP, port
 * 9100) and maps what the socket did to a printer outcome (pretixprint
 * connections/Network.kt). It knows nothing about badges or the queue.
 *
 * The distinction that matters is whether any job byte left this machine: a failure
 * before that (refused, unreachable, timed out connecting, printer reports offline) is
 * safe to retry; a failure after it (reset or half-closed mid-job) may have printed part
 * of a badge, so the queue must not retry it on its own and print twice.
 */
import net from 'node:net';
import { parseStatusByte, STATUS_REQUEST } from './escpos.encode';

export type PrinterFailureCode = 'printer_offline' | 'printer_timeout' | 'printer_interrupted';

export class PrinterError extends Error {
  constructor(
    readonly code: PrinterFailureCode,
    message: string,
    /** True when no job byte was sent: retrying cannot print twice. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface TcpTarget {
  host: string;
  port: number;
}

/** `tcp://host:port` (port defaults to 9100), or null if the string is not one. */
export function parseTcpInterface(s: string): TcpTarget | null {
  const m = /^tcp:\/\/([^/:\s]+)(?::(\d{1,5}))?\/?$/i.exec(s.trim());
  if (!m) return null;
  const port = m[2] ? Number(m[2]) : 9100;
  return m[1] && port > 0 && port < 65536 ? { host: m[1], port } : null;
}

export interface SendOptions {
  connectTimeoutMs?: number;
  /** How long the printer may take to take the whole job. */
  writeTimeoutMs?: number;
  /** Ask the printer's status (DLE EOT 1) first; ESC/POS only. */
  statusCheck?: boolean;
  statusTimeoutMs?: number;
}

const OFFLINE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

/**
 * Connects, optionally checks status, writes the job, half-closes and waits for the
 * printer to close its side. Resolves when the printer took every byte.
 *
 * `bytes` may still be in the making (a promise): connecting and the status round trip
 * then overlap with rendering. If it rejects, no job byte is sent and the send rejects
 * with that same error.
 */
export function sendToPrinter(target: TcpTarget, bytes: Buffer | Promise<Buffer>, opts: SendOptions = {}): Promise<void> {
  const connectTimeoutMs = opts.connectTimeoutMs ?? 3000;
  const writeTimeoutMs = opts.writeTimeoutMs ?? 15000;
  const statusTimeoutMs = opts.statusTimeoutMs ?? 800;

  // Whichever fails first is reported; a render failure after a refused connection is moot.
  if (bytes instanceof Promise) bytes.catch(() => undefined);
  return new Promise<void>((resolve, reject) => {
    const sock = net.connect({ host: target.host, port: target.port });
    let phase: 'connect' | 'status' | 'prepare' | 'write' | 'drain' | 'done' = 'connect';
    let sentJob = false;
    let timer: NodeJS.Timeout | null = null;
    let statusBuf = Buffer.alloc(0);

    const settle = (e: Error | null) => {
      if (phase === 'done') return;
      phase = 'done';
      if (timer) clearTimeout(timer);
      sock.removeAllListeners('data');
      sock.destroy();
      if (e) reject(e);
      else resolve();
    };
    const fail = (code: PrinterFailureCode, message: string) =>
      settle(new PrinterError(sentJob ? 'printer_interrupted' : code, sentJob ? `${message} after the job was sent` : message, !sentJob));
    const arm = (ms: number, code: PrinterFailureCode, message: string) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => fail(code, message), ms);
    };

    const writeJob = () => {
      phase = 'prepare';
      if (timer) clearTimeout(timer);
      Promise.resolve(bytes).then(
        (b) => {
          if (phase !== 'prepare') return;
          phase = 'write';
          arm(writeTimeoutMs, 'printer_timeout', 'the printer did not take the job in time');
          sentJob = true;
          sock.write(b);
          sock.end(() => {
            // Every byte is with the network stack; wait for the printer to read it and close.
            if (phase === 'write') phase = 'drain';
          });
        },
        (e: Error) => settle(e),
      );
    };

    arm(connectTimeoutMs, 'printer_timeout', 'the printer did not answer the connection');
    sock.setNoDelay(true);
    sock.once('connect', () => {
      if (!opts.statusCheck) return writeJob();
      phase = 'status';
      // A printer that ignores DLE EOT is not an error: print anyway once the wait is over.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => phase === 'status' && writeJob(), statusTimeoutMs);
      sock.write(STATUS_REQUEST);
    });
    sock.on('data', (chunk: Buffer) => {
      if (phase !== 'status') return;
      statusBuf = Buffer.concat([statusBuf, chunk]);
      const st = parseStatusByte(statusBuf[statusBuf.length - 1] ?? 0);
      if (st.valid && st.offline) return fail('printer_offline', 'the printer reports it is offline (cover open, paper out or jammed)');
      writeJob();
    });
    sock.on('end', () => {
      // The printer closed its side. After the whole job: printed. Before: it went away.
      if (phase === 'drain') settle(null);
      else if (phase !== 'done') fail('printer_offline', 'the printer closed the connection');
    });
    sock.on('close', () => {
      if (phase === 'drain') settle(null);
      else if (phase !== 'done') fail('printer_offline', 'the connection closed');
    });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? '';
      if (!sentJob && OFFLINE_CODES.has(code)) return fail('printer_offline', `cannot reach the printer (${code})`);
      if (code === 'ETIMEDOUT') return fail('printer_timeout', 'connection timed out');
      fail('printer_offline', `connection failed (${code || e.message})`);
    });
  });
}

/**
 * Is the printer there and ready? Connects and asks its status (DLE EOT 1) without
 * printing anything; a printer that does not answer the status request counts as online.
 */
export function probePrinter(target: TcpTarget, timeoutMs = 1500): Promise<{ online: boolean; reason?: PrinterFailureCode }> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: target.host, port: target.port });
    let t = setTimeout(() => done({ online: false, reason: 'printer_timeout' }), timeoutMs);
    const done = (r: { online: boolean; reason?: PrinterFailureCode }) => {
      clearTimeout(t);
      sock.destroy();
      resolve(r);
    };
    sock.once('connect', () => {
      clearTimeout(t);
      t = setTimeout(() => done({ online: true }), 800);
      sock.write(STATUS_REQUEST);
    });
    sock.on('data', (b: Buffer) => done(parseStatusByte(b[b.length - 1] ?? 0).offline ? { online: false, reason: 'printer_offline' } : { online: true }));
    sock.once('error', () => done({ online: false, reason: 'printer_offline' }));
  });
}
