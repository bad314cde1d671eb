import type { OpenAlert } from '@contract/index';
import type { TFn } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';

/**
 * What an open alert (kiosk or printer, the venue's one store) says on a console: the same
 * words as the live event's, plus the station for a failed job, since a list loaded later
 * has no screen around it to say where.
 */
export function openAlertText(a: OpenAlert, t: TFn): string {
  if (a.kind === 'kiosk') return t(`alerts.kiosk.${a.reason}` as MessageKey, { station: a.stationName });
  return a.jobId ? t('alerts.printer.jobFailedAt', { station: a.stationName, printer: a.printerName }) : t('alerts.printer.offline', { printer: a.printerName });
}
