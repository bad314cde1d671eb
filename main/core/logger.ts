/**
 * Named loggers writing one JSON line per record to stderr. Personal data is never
 * passed to a logger by design; `redact` is the safety net for free text (error
 * messages can echo SQL parameters), masking anything shaped like a phone or e-mail.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(name: string): Logger;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /(\+?\d[\d\s-]{7,}\d)/g;

export function redact(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}

function threshold(): number {
  const env = (process.env.FAIRDESK_LOG ?? (process.env.NODE_TEST_CONTEXT ? 'warn' : 'info')) as Level;
  return ORDER[env] ?? ORDER.info;
}

export function createLogger(name: string, sink: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const min = threshold();
  const write = (level: Level, msg: string, data?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const rec: Record<string, unknown> = { t: new Date().toISOString(), level, name, msg: redact(msg) };
    if (data) {
      for (const [k, v] of Object.entries(data)) rec[k] = typeof v === 'string' ? redact(v) : v;
    }
    sink(JSON.stringify(rec));
  };
  return {
    debug: (m, d) => write('debug', m, d),
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
    child: (n) => createLogger(`${name}.${n}`, sink),
  };
}
