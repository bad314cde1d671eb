/**
 * PostgreSQL (venue mode). Filled in by the venue-mode issue; the SQLite path never loads it.
 */
import type { DbHandle, OpenOptions } from './connect';

export async function openPostgres(_url: string, _opts: OpenOptions): Promise<DbHandle> {
  throw new Error('PostgreSQL venue mode is not available in this build yet');
}
