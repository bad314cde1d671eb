/**
 * Waiting for a condition, never for a fixed time: polls `fn` until it gives something
 * truthy (and returns it), or fails naming what it waited for. Generous default, because
 * a busy CI machine is slow, not wrong.
 */
export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, everyMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
