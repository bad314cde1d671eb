/**
 * In-memory kiosk state (ctx.runtime.kiosk): visitor tickets, staff sessions and the
 * identify rate limit. Deliberately not in the database: a ticket or a staff session
 * lives for minutes and belongs to the one kiosk process that issued it; a restart
 * simply makes the visitor scan again.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { RuntimeSlots } from '../../core/runtime';

/** A ticket outlives the idle timeout, so a slow visitor's confirm still works. */
export const TICKET_MS = 5 * 60_000;
export const STAFF_SESSION_MS = 2 * 60_000;
/**
 * Identify limits per kiosk over sliding windows: plenty for a queue (a visitor every
 * 15 s), too few to walk sequential registration codes or phone numbers.
 */
export const IDENTIFY_LIMITS = [
  { windowMs: 60_000, max: 20, maxMisses: 6 },
  { windowMs: 60 * 60_000, max: 300, maxMisses: 40 },
] as const;
export const IDENTIFY_MAX_MISSES = IDENTIFY_LIMITS[0].maxMisses;
const LONGEST_WINDOW_MS = Math.max(...IDENTIFY_LIMITS.map((l) => l.windowMs));

interface Ticket {
  code: string;
  stationId: string;
  expiresAt: number;
}
interface StaffSession {
  stationId: string;
  expiresAt: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

export class KioskRuntime {
  private tickets = new Map<string, Ticket>();
  private sessions = new Map<string, StaffSession>();
  private lookups = new Map<string, { at: number; miss: boolean }[]>();

  issueTicket(stationId: string, code: string, nowMs: number): string {
    this.sweep(nowMs);
    const ticket = randomBytes(18).toString('base64url');
    this.tickets.set(ticket, { code, stationId, expiresAt: nowMs + TICKET_MS });
    return ticket;
  }

  /** The code a ticket stands for, if it is live and was issued to this kiosk. */
  ticketCode(stationId: string, ticket: string, nowMs: number): string | null {
    const t = this.tickets.get(ticket);
    if (!t || t.stationId !== stationId || t.expiresAt <= nowMs) return null;
    return t.code;
  }

  /** The kiosk reset: the ticket is gone at once, not when its minutes run out. */
  dropTicket(stationId: string, ticket: string): void {
    if (this.tickets.get(ticket)?.stationId === stationId) this.tickets.delete(ticket);
  }

  openStaffSession(stationId: string, nowMs: number): { token: string; expiresAt: number } {
    this.sweep(nowMs);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = nowMs + STAFF_SESSION_MS;
    // Only the hash is kept, so a heap dump does not hand out a live session.
    this.sessions.set(sha256(token), { stationId, expiresAt });
    return { token, expiresAt };
  }

  staffSessionOk(stationId: string, token: string, nowMs: number): boolean {
    const s = this.sessions.get(sha256(token));
    return !!s && s.stationId === stationId && s.expiresAt > nowMs;
  }

  closeStaffSession(token: string): void {
    this.sessions.delete(sha256(token));
  }

  /**
   * Seconds until this kiosk may look someone up again, or 0 when it may now. Counts
   * every lookup (sequential registration codes can be enumerated by hits as well) and,
   * more strictly, the misses.
   */
  identifyWait(stationId: string, nowMs: number): number {
    const recent = (this.lookups.get(stationId) ?? []).filter((l) => nowMs - l.at < LONGEST_WINDOW_MS);
    this.lookups.set(stationId, recent);
    let wait = 0;
    for (const limit of IDENTIFY_LIMITS) {
      const inWindow = recent.filter((l) => nowMs - l.at < limit.windowMs);
      const misses = inWindow.filter((l) => l.miss);
      // The entry whose leaving the window frees a slot: the oldest lookup, or the oldest miss.
      const freeing = inWindow.length >= limit.max ? inWindow[inWindow.length - limit.max] : misses.length >= limit.maxMisses ? misses[misses.length - limit.maxMisses] : undefined;
      if (freeing) wait = Math.max(wait, Math.ceil((freeing.at + limit.windowMs - nowMs) / 1000));
    }
    return wait > 0 ? Math.max(1, wait) : 0;
  }

  recordLookup(stationId: string, nowMs: number, miss: boolean): void {
    const list = this.lookups.get(stationId) ?? [];
    list.push({ at: nowMs, miss });
    this.lookups.set(stationId, list);
  }

  private sweep(nowMs: number): void {
    for (const [k, t] of this.tickets) if (t.expiresAt <= nowMs) this.tickets.delete(k);
    for (const [k, s] of this.sessions) if (s.expiresAt <= nowMs) this.sessions.delete(k);
  }
}

declare module '../../core/runtime' {
  interface FeatureRuntimes {
    kiosk: KioskRuntime;
  }
}

export const kioskRuntimeSlot = { kiosk: () => new KioskRuntime() } satisfies Partial<RuntimeSlots>;
