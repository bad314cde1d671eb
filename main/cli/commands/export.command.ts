/**
 * `npm run cli -- export NAME --out FILE [--format csv|xlsx] [--encoding cp949] [--data DIR | --db URL]`
 * `npm run cli -- export --list`
 * The same exporters the Reports screen offers, written straight to FILE. The CLI is the
 * operator at this machine (admin), so personal columns are included; the export is
 * audited like one taken from the screen. A path that cannot be written or a full disk
 * is one bilingual line and exit 1, and no file is left under FILE's name.
 */
import path from 'node:path';
import { AppFailure } from '../../../contract/index';
import { openCliStation } from '../cli-station';
import { EXPORTERS, findExporter } from '../../services/reports/exporters';
import { runExport } from '../../services/reports/export.service';
import type { ExportEncoding, ExportFormat, ExportWriteFailure } from '../../services/reports/export-writer';
import type { CliCommand } from './index';

const WRITE_FAILURES: Record<ExportWriteFailure, string> = {
  disk_full: '디스크가 가득 찼습니다 / the disk is full',
  unwritable: '이 경로에 쓸 수 없습니다 / cannot write to this path',
};

const list = () => EXPORTERS.map((e) => `  ${e.name.padEnd(18)} ${e.title.ko} / ${e.title.en}`).join('\n');

export const exportCommand: CliCommand = {
  words: ['export'],
  options: { out: { type: 'string' }, format: { type: 'string' }, encoding: { type: 'string' }, list: { type: 'boolean' } },
  usage: 'export NAME --out FILE [--format csv|xlsx] [--encoding cp949] [--data DIR] [--db URL]   (export --list)',
  doc: 'Write one report (check-ins, walk-ins, attendance, print log, stamps, redemptions, audit log …) to CSV or XLSX; audited.',
  async run(rest, flags) {
    if (flags.list) {
      console.log(list());
      return 0;
    }
    const name = rest[0];
    const exporter = name ? findExporter(name) : undefined;
    if (!exporter) {
      console.error(`FairDesk: ${name ? `알 수 없는 보고서 / unknown export: ${name}` : '보고서 이름을 지정하세요 / name the export'}\n${list()}`);
      return 2;
    }
    const out = typeof flags.out === 'string' ? flags.out : null;
    if (!out) {
      console.error('FairDesk: 저장할 파일을 --out 으로 지정하세요 / give the file to write with --out FILE');
      return 2;
    }
    // Without --format the file name says it; anything but .csv/.xlsx is refused rather than guessed.
    const ext = path.extname(out).slice(1).toLowerCase();
    const fmtFlag = typeof flags.format === 'string' ? flags.format : ext;
    if (typeof flags.format !== 'string' && ext !== 'csv' && ext !== 'xlsx') {
      console.error(`FairDesk: --out 은 .csv 또는 .xlsx 로 끝나야 합니다 / --out must end in .csv or .xlsx (got "${path.basename(out).slice(0, 80)}")`);
      return 2;
    }
    if (fmtFlag !== 'csv' && fmtFlag !== 'xlsx') {
      console.error(`FairDesk: 형식은 csv 또는 xlsx / --format must be csv or xlsx (got ${fmtFlag})`);
      return 2;
    }
    const enc = typeof flags.encoding === 'string' ? flags.encoding.toLowerCase().replace(/[^a-z0-9]/g, '') : 'utf8';
    if (enc !== 'utf8' && enc !== 'cp949') {
      console.error(`FairDesk: 인코딩은 utf8 또는 cp949 / --encoding must be utf8 or cp949 (got ${flags.encoding})`);
      return 2;
    }
    const station = await openCliStation(flags);
    try {
      const started = performance.now();
      const res = await runExport(
        { db: station.handle.db, stationId: station.identity.id, role: 'admin', now: () => station.clock.now(), runtime: station.runtime },
        { name: exporter.name, format: fmtFlag as ExportFormat, encoding: enc as ExportEncoding, personal: true, out: path.resolve(out) },
      );
      console.log(`${exporter.title.ko} / ${exporter.title.en}: ${res.rows} rows → ${res.file} (${fmtFlag.toUpperCase()}${fmtFlag === 'csv' ? `, ${enc === 'cp949' ? 'CP949' : 'UTF-8 BOM'}` : ''}, ${res.bytes} bytes, ${Math.round(performance.now() - started)} ms)`);
      return 0;
    } catch (e) {
      const reason = (e as AppFailure).details as { reason?: ExportWriteFailure } | undefined;
      if (e instanceof AppFailure && reason?.reason) {
        console.error(`FairDesk: ${WRITE_FAILURES[reason.reason]}: ${out}`);
        return 1;
      }
      throw e;
    } finally {
      await station.close();
    }
  },
};
