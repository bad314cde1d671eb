import os from 'node:os';

/** Percentiles and the one-line figure format every bench section prints. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samplesMs: number[]) {
  const s = [...samplesMs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

/** Prints `label: value unit (goal …) ✓/✗`. */
export function figure(label: string, value: number, unit: string, goal?: { max?: number; min?: number }): void {
  let verdict = '';
  if (goal?.max !== undefined) verdict = ` (goal ≤ ${goal.max} ${unit}) ${value <= goal.max ? 'MET' : 'NOT MET'}`;
  if (goal?.min !== undefined) verdict = ` (goal ≥ ${goal.min} ${unit}) ${value >= goal.min ? 'MET' : 'NOT MET'}`;
  console.log(`  ${label}: ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}${verdict}`);
}

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

/**
 * Wall time and this process's CPU time of one call. On a shared, busy machine the
 * wall time includes waiting for a core; CPU time is what the code itself costs.
 */
export async function timedCpu<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const c = process.cpuUsage();
  const t = performance.now();
  const v = await fn();
  const wall = performance.now() - t;
  const cpu = process.cpuUsage(c);
  return [v, wall, (cpu.user + cpu.system) / 1000];
}

/** One line on how busy the machine is, printed before figures that depend on it. */
export function machineNote(): string {
  const cores = os.availableParallelism();
  const load = os.loadavg()[0]!;
  return `machine: ${cores} cores, load average ${load.toFixed(1)}${load > cores ? ' — busy: wall-clock tails include waiting for a core (see cpu p95)' : ''}`;
}

/** A `--flag N` count: a positive whole number, or `dflt` when the flag is absent or not one. */
export function countFlag(v: string | true | undefined, dflt: number): number {
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : dflt;
}
