/**
 * The consultation state machine, pure: facts in, state out, and the phase at any
 * instant `t` (the caller reads `t` from its injected clock). No database, no clock.
 *
 *   scheduled ─arrived─▶ waiting ─started─▶ pitch ─(time or qa_started)─▶ qa ─ended─▶ done
 *        └──────────────┴─ no_show / cancelled ─▶ (reopened ─▶ scheduled)
 *   pitch / qa ─no_show─▶ no_show (started, but a side never came)
 *
 * A delay before the start shifts the planned slot; a delay while running extends the
 * current phase (and so the end). A started meeting keeps the lengths it was started
 * with (they travel on its `started` fact). Time moves pitch → Q&A by itself; past the Q&A's end
 * a meeting that was not ended is overrunning.
 */
import type { ConsultationConfig, MeetingPhase, MeetingTiming } from '../../../contract/index';
import { assertNever } from '../../../contract/index';
import { MEETING_FACT_TYPES, type MeetingFactType } from '../../../db/tables/programme.tables';

export const FACT_TYPES = MEETING_FACT_TYPES;
export type FactType = MeetingFactType;

export interface MeetingFact {
  type: FactType;
  /** Epoch ms. */
  at: number;
  minutes?: number | null;
  /**
   * On `started`: the lengths the meeting was given, captured from the consultation
   * config at its start, so changing the config later leaves running meetings alone.
   * Absent on facts written before they were recorded: the current config applies.
   */
  pitchMin?: number | null;
  qaMin?: number | null;
}

export interface MeetingPlan {
  /** Scheduled start and end, epoch ms. */
  start: number;
  end: number;
}

export type MeetingStatus = 'open' | 'running' | 'done' | 'no_show' | 'cancelled';

export interface MeetingState {
  status: MeetingStatus;
  arrivedSeller: boolean;
  arrivedBuyer: boolean;
  /** Delay of the planned slot (minutes added before the start). */
  shiftMin: number;
  startedAt: number | null;
  pitchEndsAt: number | null;
  qaEndsAt: number | null;
  endedAt: number | null;
  /** Q&A minutes this meeting was given at its start (advancing to Q&A early uses them). */
  qaMin: number | null;
  /** Times it was reopened: one-shot facts are unique per (meeting, type, reopenings). */
  reopenings: number;
}

export const DEFAULT_CONFIG: ConsultationConfig = { pitchMin: 7, qaMin: 7, changeoverMin: 1 };
/** A meeting not started a minute after its planned start shows as late. */
export const LATE_AFTER_MS = 60_000;
const MIN = 60_000;

export const initialState = (): MeetingState => ({
  status: 'open',
  arrivedSeller: false,
  arrivedBuyer: false,
  shiftMin: 0,
  startedAt: null,
  pitchEndsAt: null,
  qaEndsAt: null,
  endedAt: null,
  qaMin: null,
  reopenings: 0,
});

/** The next state, or null when the fact does not fit (the service then writes nothing). */
export function applyFact(s: MeetingState, f: MeetingFact, cfg: ConsultationConfig): MeetingState | null {
  const closed = s.status === 'done' || s.status === 'no_show' || s.status === 'cancelled';
  switch (f.type) {
    case 'arrived_seller':
      return closed || s.arrivedSeller ? null : { ...s, arrivedSeller: true };
    case 'arrived_buyer':
      return closed || s.arrivedBuyer ? null : { ...s, arrivedBuyer: true };
    case 'started': {
      if (s.status !== 'open') return null;
      const qaMin = f.qaMin ?? cfg.qaMin;
      const pitchEndsAt = f.at + (f.pitchMin ?? cfg.pitchMin) * MIN;
      return { ...s, status: 'running', startedAt: f.at, pitchEndsAt, qaEndsAt: pitchEndsAt + qaMin * MIN, qaMin };
    }
    case 'qa_started':
      // Only from the pitch: once time has moved into Q&A there is nothing to advance.
      if (s.status !== 'running' || f.at >= s.pitchEndsAt!) return null;
      return { ...s, pitchEndsAt: f.at, qaEndsAt: f.at + (s.qaMin ?? cfg.qaMin) * MIN };
    case 'ended':
      return s.status === 'running' ? { ...s, status: 'done', endedAt: f.at } : null;
    case 'no_show':
      // Also once started: a meeting begun on a hopeful tap, whose buyer never came, is
      // a no-show for the statistics, not a consultation held.
      return s.status === 'open' || s.status === 'running' ? { ...s, status: 'no_show' } : null;
    case 'cancelled':
      return s.status === 'open' ? { ...s, status: 'cancelled' } : null;
    case 'delayed': {
      const m = f.minutes ?? 0;
      if (m <= 0 || closed) return null;
      if (s.status === 'open') return { ...s, shiftMin: s.shiftMin + m };
      // Running: extend the phase it is in. A meeting already over its time gets m more
      // minutes from now, not from its past end (which could leave it still over time).
      const inPitch = f.at < s.pitchEndsAt!;
      return { ...s, pitchEndsAt: inPitch ? s.pitchEndsAt! + m * MIN : s.pitchEndsAt, qaEndsAt: Math.max(s.qaEndsAt!, f.at) + m * MIN };
    }
    case 'reopened':
      return s.status === 'no_show' || s.status === 'cancelled' ? { ...s, status: 'open', reopenings: s.reopenings + 1 } : null;
    default:
      return assertNever(f.type);
  }
}

/** Folds facts in time order; a fact that does not fit (a lost race) is ignored. */
export function foldFacts(facts: readonly MeetingFact[], cfg: ConsultationConfig): MeetingState {
  let s = initialState();
  for (const f of [...facts].sort((a, b) => a.at - b.at)) s = applyFact(s, f, cfg) ?? s;
  return s;
}

export interface PhaseView {
  phase: MeetingPhase;
  timing: MeetingTiming;
  plannedStart: number;
  plannedEnd: number;
  phaseStartedAt: number | null;
  phaseEndsAt: number | null;
  qaEndsAt: number | null;
}

/** Where the meeting is at instant `t`. */
export function phaseAt(plan: MeetingPlan, s: MeetingState, t: number): PhaseView {
  const shift = s.shiftMin * MIN;
  const base = { plannedStart: plan.start + shift, plannedEnd: plan.end + shift, phaseStartedAt: null, phaseEndsAt: null, qaEndsAt: null };
  switch (s.status) {
    case 'open':
      return {
        ...base,
        phase: s.arrivedSeller || s.arrivedBuyer ? 'waiting' : 'scheduled',
        timing: t >= base.plannedStart + LATE_AFTER_MS ? 'late' : 'on_time',
      };
    case 'running': {
      const inPitch = t < s.pitchEndsAt!;
      return {
        ...base,
        phase: inPitch ? 'pitch' : 'qa',
        timing: t > s.qaEndsAt! ? 'overrun' : 'on_time',
        phaseStartedAt: inPitch ? s.startedAt : s.pitchEndsAt,
        phaseEndsAt: inPitch ? s.pitchEndsAt : s.qaEndsAt,
        qaEndsAt: s.qaEndsAt,
      };
    }
    case 'done':
      return { ...base, phase: 'done', timing: 'done' };
    case 'no_show':
      return { ...base, phase: 'no_show', timing: 'no_show' };
    case 'cancelled':
      return { ...base, phase: 'cancelled', timing: 'cancelled' };
    default:
      return assertNever(s.status);
  }
}

/** What "advance" means now: start, go to Q&A, or end. null: nothing to advance. */
export function advanceFact(view: PhaseView): FactType | null {
  switch (view.phase) {
    case 'scheduled':
    case 'waiting':
      return 'started';
    case 'pitch':
      return 'qa_started';
    case 'qa':
      return 'ended';
    case 'done':
    case 'no_show':
    case 'cancelled':
      return null;
    default:
      return assertNever(view.phase);
  }
}

/** Facts that may happen more than once per meeting; every other type is one-shot. */
export const isRepeatable = (t: FactType) => t === 'delayed';
