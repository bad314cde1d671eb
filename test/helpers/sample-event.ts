/**
 * The 2022 sample fair the fixtures (test/fixtures/*, /work samples) are dated for, set
 * as data the way an organiser would — product code knows no fair.
 */
import type { EventInput } from '../../contract/index';
import { EventInput as EventInputSchema } from '../../contract/index';
import type { Station } from '../../main/core/station';
import { saveEvent } from '../../main/services/setup/event-setup.service';

export const SAMPLE_EVENT_2022: EventInput = {
  name: { ko: '2022 공공조달박람회', en: 'Korea Public Procurement Expo 2022' },
  venue: { ko: '킨텍스', en: 'KINTEX' },
  days: ['2022-04-13', '2022-04-14', '2022-04-15'],
  timeZone: 'Asia/Seoul',
  halls: [
    { id: 'hall3', ko: '3홀', en: 'Hall 3' },
    { id: 'hall4', ko: '4홀', en: 'Hall 4' },
    { id: 'hall5', ko: '5홀', en: 'Hall 5' },
  ],
};

/** Sets the event straight through the setup service (any role: a test arranging its world). */
export async function setEvent(station: Pick<Station, 'handle'>, input: EventInput = SAMPLE_EVENT_2022): Promise<void> {
  const parsed = EventInputSchema.parse(input);
  await station.handle.db.transaction().execute((trx) => saveEvent(trx, parsed, new Date().toISOString()));
}
