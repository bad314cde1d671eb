/** Bench sections, in the order they run. Each feature adds its own `*.bench.ts` here. */
import { foundationBench } from './foundation.bench';
import { venueBench } from './venue.bench';
import { boardBench } from './board.bench';
import { rallyBench } from './rally.bench';
import { badgesBench } from './badges.bench';
import { kioskIdentifyBench } from './kiosk-identify.bench';
import { offlineBench } from './offline.bench';
import { sessionsBench } from './sessions.bench';
import { organiserBench } from './organiser.bench';
import { staffFeelBench } from './staff-feel.bench';
import { offlineReplayBench } from './offline-replay.bench';

export interface BenchSection {
  name: string;
  doc: string;
  /** 'postgres': only with --db postgres (or --only NAME). */
  needs?: 'postgres';
  run(flags: Record<string, string | true>): Promise<void>;
}

export const SECTIONS: BenchSection[] = [
  foundationBench,
  venueBench,
  boardBench,
  rallyBench,
  badgesBench,
  kioskIdentifyBench,
  offlineBench,
  sessionsBench,
  organiserBench,
  staffFeelBench,
  offlineReplayBench,
];
