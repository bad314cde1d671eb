/**
 * A scanner fired while staff were typing in some other field of the desk (the
 * override reason, a walk-in field): the burst is taken back out of that field and
 * handled as a scan, so a code never ends up as someone's reason or name. The scan and
 * search fields handle codes themselves and are left alone.
 */
import { useCallback, useRef, type KeyboardEvent } from 'react';
import { looksLikeCode } from '@contract/index';
import { burstStart, insertedText } from './scan-burst';

const OWN_FIELDS = new Set(['scan', 'search']);
/** Longer than any code (the contract's ScanCode stops at 200). */
const MAX_KEPT = 200;

type Field = HTMLInputElement | HTMLTextAreaElement;
const isTextField = (el: EventTarget | null): el is Field =>
  (el instanceof HTMLInputElement && ['text', 'search', 'tel', 'email', ''].includes(el.type)) || el instanceof HTMLTextAreaElement;

/** Sets a React-controlled field's value the way typing does, so its onChange sees it. */
function setFieldValue(el: Field, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Returns an onKeyDownCapture handler for the desk's root element. */
export function useScanBurst(onScan: (code: string) => void) {
  const keys = useRef<{ el: Field | null; times: number[]; before: string[] }>({ el: null, times: [], before: [] });
  return useCallback(
    (e: KeyboardEvent) => {
      const el = e.target;
      if (!isTextField(el) || OWN_FIELDS.has(el.id)) return;
      const k = keys.current;
      if (k.el !== el) keys.current = { el, times: [], before: [] };
      const at = e.nativeEvent.timeStamp;
      if (e.key !== 'Enter') {
        // Before the key lands: what the field held, to put back if this was a scan.
        keys.current.times.push(at);
        keys.current.before.push(el.value);
        // Only the last few keys can be a burst; a long reason must not grow this forever.
        if (keys.current.times.length > 2 * MAX_KEPT) {
          keys.current.times.splice(0, MAX_KEPT);
          keys.current.before.splice(0, MAX_KEPT);
        }
        return;
      }
      const { times, before } = keys.current;
      keys.current = { el, times: [], before: [] };
      const i = burstStart(times, at);
      if (i < 0) return;
      const code = insertedText(before[i]!, el.value).trim();
      if (!looksLikeCode(code)) return;
      e.preventDefault();
      e.stopPropagation();
      setFieldValue(el, before[i]!);
      onScan(code);
    },
    [onScan],
  );
}
