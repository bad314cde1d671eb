import type { z } from 'zod';
import type { Role } from './roles';

/**
 * One channel of the contract: its zod input/output schemas, which roles may call
 * it, and whether it writes (writes run in a transaction and are audited).
 */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  roles: readonly Role[];
  write: boolean;
  /**
   * A long write that commits in batches of its own (a 100k-row import): the router opens
   * no transaction around it, so check-ins get the database between batches. Its handler
   * writes each batch's audit row inside that batch's transaction.
   */
  batched?: true;
  /** Short description shown by GET /api/channels. */
  doc: string;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(def: ChannelDef<I, O>): ChannelDef<I, O> {
  return def;
}
