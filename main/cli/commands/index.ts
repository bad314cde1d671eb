/** The CLI's commands; each feature adds its module here. */
import type { ParseArgsConfig } from 'node:util';
export interface CliCommand {
  /** The command's own flags, beside the common ones in cli.ts (parseArgs reads both strictly). */
  options?: NonNullable<ParseArgsConfig['options']>;
  /** Leading words that select the command, e.g. ['import', 'registrations']. */
  words: string[];
  usage: string;
  doc: string;
  run(rest: string[], flags: Record<string, string | true>): Promise<number>;
}

import { stationsCommand } from './stations.command';
import { venueInitCommand } from './venue.command';
import { programmeCommand } from './programme.command';
import { importCommand } from './import.command';
import { eventCommand } from './event.command';
import { exportCommand } from './export.command';

export const COMMANDS: CliCommand[] = [stationsCommand, venueInitCommand, programmeCommand, importCommand, eventCommand, exportCommand];
