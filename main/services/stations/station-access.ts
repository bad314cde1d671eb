/**
 * What this station may do right now, held in memory so the router asks no database per
 * call: retired or not, who is signed in (and since when idle), and the operator
 * settings. Kept fresh by `stations.changed` / `operators.changed` (which cross stations
 * through the venue bus), and written through when this station itself takes a role.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { contract, OPERATOR_ROLES, ROLES, SETUP_ROLE, type Channel, type ErrorCode, type OperatorSettings, type Role } from '../../../contract/index';
import type { Database } from '../../../db/schema';
import type { EventBus } from '../../core/bus';
import type { StationIdentity } from '../../core/router';

export const DEFAULT_OPERATOR_SETTINGS: OperatorSettings = { idleMinutes: 30, requireOperator: false };

/** Channels a station without an operator may still write through when sign-in is required. */
const OPEN_WITHOUT_OPERATOR = new Set<string>(['operators.signIn', 'operators.signOut']);
/** Roles the "scans need an operator" setting applies to (the admin signs in by PIN at set-up). */
const GATED_ROLES: readonly Role[] = ['desk', 'gift', 'floor'];

export interface SignedInOperator {
  id: string;
  name: string;
  admin: boolean;
}

export class StationAccess {
  retired = false;
  settings: OperatorSettings = DEFAULT_OPERATOR_SETTINGS;
  private operator: (SignedInOperator & { lastAt: number }) | null = null;

  constructor(
    readonly identity: StationIdentity,
    /** <data dir>/station.json, rewritten when the role changes; null: an injected identity (tests). */
    private readonly identityFile: string | null,
    /** Where a new station must point to share this database (no password). */
    readonly where: string,
  ) {}

  /** The operator signed in now, or null (signed out after `idleMinutes` without a write). */
  current(nowMs: number): SignedInOperator | null {
    const op = this.operator;
    if (!op) return null;
    if (nowMs - op.lastAt > this.settings.idleMinutes * 60_000) {
      this.operator = null;
      return null;
    }
    return { id: op.id, name: op.name, admin: op.admin };
  }

  signIn(op: SignedInOperator, nowMs: number): void {
    this.operator = { ...op, lastAt: nowMs };
  }

  signOut(): void {
    this.operator = null;
  }

  /** A write from this station keeps its operator signed in. */
  touch(nowMs: number): void {
    if (this.operator) this.operator.lastAt = nowMs;
  }

  /**
   * The router's question before a call: refused (and why), or null to go on. A retired
   * station answers only "who am I"; with `requireOperator`, desks, gift desks and the
   * floor write nothing until someone signs in.
   */
  refusal(channel: Channel, nowMs: number): ErrorCode | null {
    if (this.retired && channel !== 'system.hello' && channel !== 'system.status') return 'station_retired';
    const def = contract[channel];
    if (!def.write || !this.settings.requireOperator || OPEN_WITHOUT_OPERATOR.has(channel)) return null;
    if (!GATED_ROLES.includes(this.identity.role)) return null;
    return this.current(nowMs) === null ? 'operator_required' : null;
  }

  /** This station takes a role (set-up code, organiser step, an admin's change): at once, and after a restart. */
  adopt(role: Role, name: string): void {
    this.identity.role = role;
    this.identity.name = name;
    if (!OPERATOR_ROLES.includes(role)) this.operator = null;
    if (this.identityFile) {
      fs.mkdirSync(path.dirname(this.identityFile), { recursive: true });
      fs.writeFileSync(this.identityFile, JSON.stringify({ id: this.identity.id, name, role }, null, 2));
    }
  }
}

export async function readOperatorSettings(db: Kysely<Database>): Promise<OperatorSettings> {
  const rows = await db.selectFrom('operator_settings').selectAll().execute();
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const idle = Number(get('idleMinutes'));
  return {
    idleMinutes: Number.isInteger(idle) && idle >= 1 ? idle : DEFAULT_OPERATOR_SETTINGS.idleMinutes,
    requireOperator: get('requireOperator') === undefined ? DEFAULT_OPERATOR_SETTINGS.requireOperator : get('requireOperator') === 'true',
  };
}

/**
 * At open, before the station registers: its row decides what an earlier run (or an admin
 * since) settled — retired, or a role given while it was off — unless `--role` says
 * otherwise now.
 */
export async function loadStationAccess(db: Kysely<Database>, access: StationAccess, explicitRole: boolean): Promise<void> {
  const row = await db.selectFrom('stations').select(['role', 'name', 'retired_at']).where('id', '=', access.identity.id).executeTakeFirst();
  access.retired = row?.retired_at != null;
  const known = (ROLES as readonly string[]).includes(row?.role ?? '');
  // The database's word wins over station.json: an admin may have changed the role (or
  // this folder lost it) while the station was off. Only --role overrides it.
  if (row && known && !explicitRole && (row.role !== access.identity.role || row.name !== access.identity.name)) access.adopt(row.role, row.name);
  access.settings = await readOperatorSettings(db);
}

/** Then it follows changes as they are published (here or, through the venue bus, elsewhere). */
export function followStationChanges(db: Kysely<Database>, bus: EventBus, access: StationAccess): () => void {
  return bus.subscribe((ev) => {
    if (ev.type === 'stations.changed' && ev.stationId === access.identity.id) {
      access.retired = ev.retired;
      if (!ev.retired && (ev.role !== access.identity.role || ev.name !== access.identity.name)) access.adopt(ev.role, ev.name);
    }
    if (ev.type === 'operators.changed') {
      readOperatorSettings(db).then(
        (s) => (access.settings = s),
        () => undefined,
      );
    }
  });
}

declare module '../../core/runtime' {
  interface FeatureRuntimes {
    /** Retired or not, the signed-in operator, operator settings (issue 11); absent: no checks (a bare router). Built by openStation from the identity. */
    access?: StationAccess;
  }
}
