/**
 * The one router both shells call. It validates input with the contract's zod schema,
 * enforces the calling station's role, runs the handler (writes inside a transaction,
 * audited), validates the output, publishes the handler's events after commit, and
 * always answers with a Result — never a thrown exception.
 */
import type { Kysely } from 'kysely';
import type { ZodError } from 'zod';
import {
  AppFailure,
  findNul,
  contract,
  err,
  isChannel,
  ok,
  type Channel,
  type OutputOf,
  type ParsedInputOf,
  type PushEvent,
  type Result,
  type Role,
} from '../../contract/index';
import type { Database } from '../../db/schema';
import type { DialectOps } from '../../db/dialect';
import type { Clock } from './clock';
import type { EventBus } from './bus';
import type { Logger } from './logger';
import type { Runtime } from './runtime';
import { writeAudit } from './audit';

export interface StationIdentity {
  id: string;
  name: string;
  role: Role;
}

/** Who is calling: the station whose window/browser sent the request. */
export interface Caller {
  station: StationIdentity;
}

export interface HandlerCtx {
  /** A transaction for write channels; the shared connection for reads. */
  db: Kysely<Database>;
  clock: Clock;
  log: Logger;
  ops: DialectOps;
  station: StationIdentity;
  runtime: Runtime;
  /** Queue an event; it is published only if the transaction commits. */
  emit(ev: PushEvent): void;
  /** Publish at once (progress of a long write — the screen must see it before commit). */
  emitNow(ev: PushEvent): void;
  /** What the audit row of this write names (entity id + non-personal detail). */
  audit(entityId: string | null, detail?: Record<string, unknown>): void;
}

export type Handler<C extends Channel> = (ctx: HandlerCtx, input: ParsedInputOf<C>) => Promise<OutputOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

export interface RouterDeps {
  db: Kysely<Database>;
  ops: DialectOps;
  clock: Clock;
  log: Logger;
  bus: EventBus;
  runtime: Runtime;
  handlers: Handlers;
  /** Classifies a thrown database error as "the database is unreachable". */
  isUnavailable?: (e: unknown) => boolean;
}

export interface Router {
  call(caller: Caller, channel: string, input: unknown): Promise<Result<unknown>>;
  /** Typed call for in-process use (CLI, tests, bench). */
  invoke<C extends Channel>(caller: Caller, channel: C, input: unknown): Promise<Result<OutputOf<C>>>;
}

function zodIssues(e: ZodError) {
  // Paths and codes only: the values themselves may be personal data or 10k-char junk.
  return e.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
}

export function createRouter(deps: RouterDeps): Router {
  const { db, ops, clock, log, bus, runtime, handlers } = deps;

  async function call(caller: Caller, channel: string, rawInput: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel)) return err('unknown_channel', `no channel ${channel.slice(0, 80)}`);
    const def = contract[channel];
    if (!def.roles.includes(caller.station.role)) {
      return err('forbidden', `role ${caller.station.role} may not call ${channel}`);
    }
    // Issue 11: a retired station answers nothing; with sign-in required, no operator → no writes.
    // The operator is read once, here: a sign-in racing this call never changes its audit row.
    const startedMs = clock.now().getTime();
    const refusal = runtime.access?.refusal(channel, startedMs) ?? null;
    if (refusal) return err(refusal, refusal === 'station_retired' ? 'this station was retired by an admin' : 'sign in as an operator first');
    const operatorId = runtime.access?.current(startedMs)?.id ?? null;
    if (def.write) runtime.access?.touch(startedMs);
    const nulAt = findNul(rawInput);
    if (nulAt !== null) return err('invalid_input', `NUL character in ${nulAt.slice(0, 80)}`, [{ path: nulAt, code: 'nul_character', message: 'text may not contain U+0000' }]);
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) return err('invalid_input', `invalid input for ${channel}`, zodIssues(parsed.error));

    const queued: PushEvent[] = [];
    let auditEntry: { entityId: string | null; detail?: Record<string, unknown> } | null = null;
    const handler = handlers[channel] as (ctx: HandlerCtx, input: unknown) => Promise<unknown>;
    const makeCtx = (conn: Kysely<Database>): HandlerCtx => ({
      db: conn,
      clock,
      log,
      ops,
      station: caller.station,
      runtime,
      emit: (ev) => queued.push(ev),
      emitNow: (ev) => bus.publish(ev),
      audit: (entityId, detail) => {
        auditEntry = { entityId, detail };
      },
    });

    try {
      let value: unknown;
      if (def.write && !('batched' in def && def.batched)) {
        value = await db.transaction().execute(async (trx) => {
          const v = await handler(makeCtx(trx), parsed.data);
          const a = auditEntry as { entityId: string | null; detail?: Record<string, unknown> } | null;
          await writeAudit(trx, { at: clock.now().toISOString(), stationId: caller.station.id, channel, entityId: a?.entityId ?? null, detail: a?.detail, operatorId });
          return v;
        });
      } else {
        value = await handler(makeCtx(db), parsed.data);
      }
      const out = def.output.safeParse(value);
      if (!out.success) {
        log.error('handler returned output outside the contract', { channel, issues: zodIssues(out.error) });
        return err('internal', `bad output from ${channel}`);
      }
      for (const ev of queued) bus.publish(ev);
      return ok(out.data);
    } catch (e) {
      if (e instanceof AppFailure) return err(e.code, e.message, e.details);
      if (deps.isUnavailable?.(e)) {
        log.warn('database unavailable', { channel, error: String((e as Error)?.message ?? e) });
        return err('db_unavailable', 'the database cannot be reached; nothing was written');
      }
      log.error('handler failed', { channel, error: String((e as Error)?.stack ?? e) });
      return err('internal', `internal error in ${channel}`);
    }
  }

  return {
    call,
    invoke: (caller, channel, input) => call(caller, channel, input) as never,
  };
}
