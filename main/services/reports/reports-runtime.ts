/**
 * Where a station keeps the exports its screens asked for (<data dir>/exports), and
 * which finished file each download id names. The map is memory only: a download link
 * is for the screen that just asked; the files stay in the folder for the organiser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RuntimeSlots } from '../../core/runtime';

export interface ExportFile {
  path: string;
  fileName: string;
  contentType: string;
}

export class ReportsRuntime {
  private readonly files = new Map<string, ExportFile>();
  constructor(readonly dir: string) {}

  /** The folder, created on first use (a station that never exports never gets one). */
  folder(): string {
    fs.mkdirSync(this.dir, { recursive: true });
    return this.dir;
  }

  remember(file: ExportFile): string {
    const id = randomBytes(12).toString('base64url');
    this.files.set(id, file);
    // Old links are forgotten past a few hundred; the files themselves stay.
    if (this.files.size > 500) this.files.delete(this.files.keys().next().value!);
    return id;
  }

  find(id: string): ExportFile | undefined {
    const f = this.files.get(id);
    return f && fs.existsSync(f.path) ? f : undefined;
  }

  /** `checkins-20260413-103007.xlsx`: the venue's wall-clock time, as staff will look for it. */
  static fileName(name: string, format: string, localTime: string): string {
    return `${name}-${localTime.replace(/[-:]/g, '').replace(' ', '-')}.${format}`;
  }
}

export const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const exportPath = (rt: ReportsRuntime, fileName: string) => path.join(rt.folder(), fileName);

declare module '../../core/runtime' {
  interface FeatureRuntimes {
    /** Exports this station wrote (<data dir>/exports) and their download ids. */
    reports: ReportsRuntime;
  }
}

export const reportsRuntimeSlot = { reports: ({ dataDir }) => new ReportsRuntime(`${dataDir}/exports`) } satisfies Partial<RuntimeSlots>;
