/**
 * Parsed imports waiting for the user's "apply": kept in memory for a while between
 * preview and commit, so the file is parsed once and the commit applies exactly what
 * the preview showed.
 */
import type { VisitorInput } from '../visitors/visitor-write.service';
import type { RuntimeSlots } from '../../core/runtime';

export interface StagedImport {
  id: string;
  fileName: string;
  visitors: VisitorInput[];
  rejected: number;
  createdAt: number;
}

export class ImportStaging {
  private staged = new Map<string, StagedImport>();
  /** Imports being applied now, and whether someone asked them to stop. */
  private applying = new Map<string, { cancel: boolean }>();
  constructor(private ttlMs = 30 * 60_000) {}

  put(s: StagedImport): void {
    this.prune(s.createdAt);
    this.staged.set(s.id, s);
  }

  /** Removes and returns a staged import; a second commit of the same id finds nothing. */
  take(id: string, nowMs: number): StagedImport | undefined {
    this.prune(nowMs);
    const s = this.staged.get(id);
    this.staged.delete(id);
    return s;
  }

  startApplying(id: string): void {
    this.applying.set(id, { cancel: false });
  }
  /** Asks a running apply to stop after its batch; false when it is not running. */
  cancel(id: string): boolean {
    const a = this.applying.get(id);
    if (!a) return false;
    a.cancel = true;
    return true;
  }
  cancelRequested(id: string): boolean {
    return this.applying.get(id)?.cancel === true;
  }
  doneApplying(id: string): void {
    this.applying.delete(id);
  }

  private prune(nowMs: number): void {
    for (const [id, s] of this.staged) if (nowMs - s.createdAt > this.ttlMs) this.staged.delete(id);
  }
}

declare module '../../core/runtime' {
  interface FeatureRuntimes {
    imports: ImportStaging;
  }
}

/** ctx.runtime.imports: this station's staged imports. */
export const importRuntimeSlot = { imports: () => new ImportStaging() } satisfies Partial<RuntimeSlots>;
