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
  /** Short description shown by GET /api/channels. */
  doc: string;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(def: ChannelDef<I, O>): ChannelDef<I, O> {
  return def;
}
