import { AppFailure } from '../../../contract/index';
import { parseInstant, systemClock } from '../../core/clock';
import type { HandlerCtx, Handlers } from '../../core/router';
import { actOnMeeting, floorState, scanArrival, startRound } from './floor.service';
import { writeConfig, writeRehearsal } from './floor-settings.service';
import { codesRegistered, listedCodes, parseProgramme, upsertProgramme } from './programme.import';
import { eventTimeZone, getEvent } from '../system/event.service';
import { readSessionColumns, saveSessionColumns } from '../sessions/session-import';

async function importProgramme(ctx: HandlerCtx, input: { fileName: string; dataBase64: string }, apply: boolean) {
  const bytes = Buffer.from(input.dataBase64, 'base64');
  const event = await getEvent(ctx.db);
  const { report, items: parsed } = await parseProgramme(bytes, input.fileName, event.days, event.timeZone);
  // Session columns (정원, 사전신청, 언어 …): a row with a bad one is rejected whole.
  // The link column (접속링크) is shared: the programme reads it as a meeting's join link,
  // the sessions as a session's stream link, so it is not "taken" from the session reader.
  // (Its bad links are already rejected by the programme parser, so no row is rejected twice.)
  const taken = new Set(report.columns.filter((c) => c.field && c.field !== 'joinLink').map((c) => c.header));
  const sess = await readSessionColumns(bytes, input.fileName, taken, new Map(parsed.map((i) => [i.row, i.id])));
  const badRows = new Set(sess.rejected.map((r) => r.row));
  const items = parsed.filter((i) => !badRows.has(i.row));
  const up = await upsertProgramme(ctx.db, items, ctx.clock.now().toISOString(), !apply);
  const sessionsChanged = apply ? await saveSessionColumns(ctx.db, sess, ctx.clock.now().toISOString()) : [];
  if (sessionsChanged.length) ctx.emit({ type: 'sessions.changed', sessionIds: sessionsChanged.slice(0, 200) });
  const rejected = [...report.rejected, ...up.overlapping, ...sess.rejected].sort((a, b) => a.row - b.row);
  if (apply && up.inserted + up.updated > 0) {
    ctx.audit(null, { fileName: input.fileName.slice(0, 80), inserted: up.inserted, updated: up.updated, rejected: rejected.length });
    ctx.emit({ type: 'programme.changed', inserted: up.inserted, updated: up.updated });
  }
  return {
    ...report,
    columns: report.columns.map((c) => ({ ...c, field: c.field ?? sess.columns.get(c.header) ?? null })),
    codes: { ...report.codes, registered: await codesRegistered(ctx.db, listedCodes(items)) },
    validRows: report.validRows - up.overlapping.length - sess.rejected.length,
    rejected: rejected.slice(0, 500),
    rejectedTotal: report.rejectedTotal + up.overlapping.length + sess.rejected.length,
    inserted: up.inserted,
    updated: up.updated,
    unchanged: up.unchanged,
    applied: apply,
  };
}

export const programmeHandlers = {
  'programme.import.preview': (ctx, input) => importProgramme(ctx, input, false),
  'programme.import.commit': (ctx, input) => importProgramme(ctx, input, true),
  'floor.state': (ctx) => floorState(ctx),
  'floor.round.start': (ctx, input) => startRound(ctx, input.nonce),
  'floor.meeting.act': (ctx, input) => actOnMeeting(ctx, input),
  'floor.arrival.scan': (ctx, input) => scanArrival(ctx, input),
  'floor.clock.set': async (ctx, input) => {
    let setting = null;
    if (input.at !== null) {
      let at: Date;
      try {
        at = parseInstant(input.at.trim(), await eventTimeZone(ctx.db));
      } catch {
        throw new AppFailure('invalid_input', 'rehearsal time must look like 2026-05-20T10:00');
      }
      // Anchored to real time: every station's clock runs on from the same instant.
      setting = { at: at.toISOString(), setAtReal: systemClock.now().toISOString() };
    }
    await writeRehearsal(ctx.db, setting, systemClock.now().toISOString());
    ctx.audit('rehearsal_clock', { at: setting?.at ?? null });
    ctx.emit({ type: 'floor.clock', rehearsal: setting });
    return { now: setting?.at ?? systemClock.now().toISOString(), rehearsal: setting !== null };
  },
  'floor.config.set': async (ctx, input) => {
    await writeConfig(ctx.db, input, ctx.clock.now().toISOString());
    ctx.audit('consultation_config', input);
    ctx.emit({ type: 'floor.config', config: input });
    return input;
  },
} satisfies Partial<Handlers>;
