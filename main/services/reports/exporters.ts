/**
 * The exporter registry (modelled on pretix's exporters): each export declares its
 * name, a Korean and English title, its columns — `personal` marks the ones only an
 * admin receives — and an async row iterator that pages through the database, so a
 * 100k-row export never sits in memory. The writer (export-writer.ts) turns any of them
 * into CSV or XLSX; the Reports screen and `npm run cli -- export` list them from here.
 *
 * Another feature adds its exporters with ONE line in EXPORTERS below (consultations,
 * sessions …): `...consultationExporters,` — the array is the whole registration.
 */
import type { Exporter } from './exporter.types';
import { BUILTIN_EXPORTERS } from './builtin.exporters';
import { consultationsExporters } from '../consultations/consultations.exporter';
import { sessionsExporters } from '../sessions/sessions.exporter';

export type { Cell, ExportColumn, ExportQuery, Exporter } from './exporter.types';

export const EXPORTERS: readonly Exporter[] = [
  ...BUILTIN_EXPORTERS,
  ...consultationsExporters,
  ...sessionsExporters,
];

export function findExporter(name: string): Exporter | undefined {
  return EXPORTERS.find((e) => e.name === name);
}
