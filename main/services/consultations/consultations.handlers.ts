import type { Handlers } from '../../core/router';
import { consultationsDownload } from './consultations.exporter';
import { outcomeHistory, recordOutcome } from './outcome.service';
import { pendingOutcomes, recordedOutcomes, resultsReport } from './results.service';

export const consultationsHandlers = {
  'consultations.outcome.record': (ctx, input) => recordOutcome(ctx, input),
  'consultations.outcome.get': (ctx, input) => outcomeHistory(ctx.db, input.meetingId),
  'consultations.pending': (ctx) => pendingOutcomes(ctx),
  'consultations.results': (ctx, input) => resultsReport(ctx, input.by, input.day),
  'consultations.export': async (ctx, input) => {
    const f = await consultationsDownload(ctx, input);
    return { fileName: f.fileName, mime: f.mime, dataBase64: f.bytes.toString('base64'), rows: f.rows };
  },
  'consultations.recorded': (ctx) => recordedOutcomes(ctx),
} satisfies Partial<Handlers>;
