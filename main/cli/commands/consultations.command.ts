import fs from 'node:fs';
import path from 'node:path';
import { openCliStation } from '../cli-station';
import type { CliCommand } from './index';

export const consultationsExportCommand: CliCommand = {
  words: ['export', 'consultations'],
  options: { out: { type: 'string' }, day: { type: 'string' } },
  usage: 'export consultations --out FILE.xlsx|FILE.csv [--day 2022-04-13] [--data DIR] [--db URL]',
  doc: 'Export every consultation with its outcome (XLSX adds per-SME, per-buyer and per-country sheets); the format follows the file name.',
  async run(_rest, flags) {
    const out = typeof flags.out === 'string' ? flags.out : null;
    if (!out) {
      console.error('FairDesk: say where to write: export consultations --out results.xlsx (or .csv)');
      return 2;
    }
    const ext = path.extname(out).toLowerCase();
    if (ext !== '.csv' && ext !== '.xlsx') {
      console.error(`FairDesk: --out must end in .csv or .xlsx (got "${path.basename(out).slice(0, 80)}")`);
      return 2;
    }
    const station = await openCliStation(flags);
    try {
      const day = typeof flags.day === 'string' ? flags.day : null;
      const r = await station.invoke('consultations.export', { format: ext === '.csv' ? 'csv' : 'xlsx', day });
      if (!r.ok) throw new Error(r.error.message);
      fs.writeFileSync(out, Buffer.from(r.value.dataBase64, 'base64'));
      console.log(`exported ${r.value.rows} consultations${day ? ` of ${day}` : ''} to ${out}`);
      return 0;
    } finally {
      await station.close();
    }
  },
};
