/**
 * The desk's sounds through WebAudio (no files): tones from tones.ts, and a mute switch
 * remembered per station in localStorage.
 */
import { useCallback, useState } from 'react';
import { NOTE_GAP_MS, TONES, toneFor, type OutcomeStatus } from './tones';

let ctx: AudioContext | null = null;

function play(status: OutcomeStatus): void {
  if (typeof AudioContext === 'undefined') return;
  // Created on first use: browsers start audio only after the page has had a key press
  // or click, which a scan always is.
  ctx ??= new AudioContext();
  if (ctx.state === 'suspended') void ctx.resume();
  let at = ctx.currentTime + 0.01;
  for (const n of TONES[toneFor(status)]) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = n.wave;
    osc.frequency.value = n.hz;
    // A quick fade in and out: no clicks at the edges of a note.
    const end = at + n.ms / 1000;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.25, at + 0.01);
    gain.gain.setValueAtTime(0.25, end - 0.02);
    gain.gain.linearRampToValueAtTime(0, end);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(end);
    at = end + NOTE_GAP_MS / 1000;
  }
}

const mutedKey = (stationId: string) => `fairdesk.desk.muted.${stationId}`;

function readMuted(stationId: string): boolean {
  try {
    return localStorage.getItem(mutedKey(stationId)) === '1';
  } catch {
    return false; // storage blocked: sound on, as a new station starts
  }
}

/** { muted, toggle, sound(status) } for this station. */
export function useDeskSound(stationId: string) {
  const [muted, setMuted] = useState(() => readMuted(stationId));
  const toggle = useCallback(() => {
    setMuted((m) => {
      try {
        localStorage.setItem(mutedKey(stationId), m ? '0' : '1');
      } catch {
        /* not remembered; the switch still works until reload */
      }
      return !m;
    });
  }, [stationId]);
  const sound = useCallback(
    (status: OutcomeStatus) => {
      if (muted) return;
      try {
        play(status);
      } catch {
        // No audio device (a desk PC without speakers) must never break the desk.
      }
    },
    [muted],
  );
  return { muted, toggle, sound };
}
