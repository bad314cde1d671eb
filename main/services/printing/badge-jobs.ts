/** Badge and test-page print jobs: the visitor's badge (or a sample) rendered for the job's printer. */
import { renderBadge } from '../../printing/badge.render';
import { encodeBadge } from '../../printing/escpos.encode';
import { badgeDataFor, testBadge } from './badge-data';
import { renderDesignFor } from './badge-design.service';
import { registerJobRenderer } from './job-renderers';
import { toKind } from './printers.service';

registerJobRenderer('badge', async (db, job, printer, stock) => {
  const data = job.visitor_code ? await badgeDataFor(db, job.visitor_code) : null;
  if (!data) throw new Error('visitor not found');
  return encodeBadge(toKind(printer.kind), renderBadge(data, stock, await renderDesignFor(db)));
});

registerJobRenderer('test', async (db, _job, printer, stock) =>
  encodeBadge(toKind(printer.kind), renderBadge(await testBadge(db, printer.name, printer.paper_mm), stock, await renderDesignFor(db))),
);
