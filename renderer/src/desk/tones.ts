/**
 * Which sound the desk makes for an answer, and what each sound is — pure, so it is
 * tested under Node. Three tones only, told apart without looking: a bright rising
 * pair (in), two flat mid beeps (already in), a low buzz (anything staff must look at).
 */

/** Every answer the desk shows (DeskOutcome['status'] must fit this: DeskScreen compiles only if it does). */
export type OutcomeStatus = 'checked_in' | 'walk_in_done' | 'already_checked_in' | 'not_registered_today' | 'unknown_code' | 'pending' | 'error' | 'no_consent';
export type Tone = 'success' | 'already' | 'problem';

export function toneFor(status: OutcomeStatus): Tone {
  switch (status) {
    case 'checked_in':
    case 'walk_in_done':
      return 'success';
    case 'already_checked_in':
      return 'already';
    case 'not_registered_today':
    case 'no_consent':
    case 'unknown_code':
    case 'pending':
    case 'error':
      return 'problem';
    default: {
      const unexpected: never = status;
      throw new Error(`no tone for ${String(unexpected)}`);
    }
  }
}

export interface Note {
  hz: number;
  ms: number;
  wave: 'sine' | 'square' | 'triangle' | 'sawtooth';
}

/** Short (≤ 0.4 s) so a fast queue of scans does not pile sounds up. */
export const TONES: Record<Tone, readonly Note[]> = {
  success: [
    { hz: 880, ms: 90, wave: 'sine' },
    { hz: 1320, ms: 140, wave: 'sine' },
  ],
  already: [
    { hz: 660, ms: 110, wave: 'triangle' },
    { hz: 660, ms: 110, wave: 'triangle' },
  ],
  problem: [{ hz: 196, ms: 380, wave: 'square' }],
};

/** Silence between the notes of a tone. */
export const NOTE_GAP_MS = 50;
