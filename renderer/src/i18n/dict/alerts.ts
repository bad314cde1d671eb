/** Staff alert strings (kiosk problems, printers, low stock): Korean first; English must have the same keys. */
export const alertsKo = {
  'alerts.dismiss': '확인',
  'alerts.kiosk.printer_unavailable': '{station}: 프린터를 쓸 수 없어 방문객을 안내 데스크로 보냈습니다',
  'alerts.kiosk.print_failed': '{station}: 명찰 인쇄에 실패했습니다 — 방문객이 안내 데스크로 옵니다',
  'alerts.kiosk.badge_cancelled': '{station}: 명찰이 나오지 않아 인쇄를 취소했습니다 — 방문객을 안내 데스크로 보냈습니다',
  'alerts.kiosk.sent_to_staff': '{station}: 방문객이 도움을 요청해 안내 데스크로 보냈습니다',
  'alerts.kiosk.pin_locked': '{station}: 직원 PIN이 여러 번 틀려 잠겼습니다',
  'alerts.printer.offline': '프린터 "{printer}" 연결 끊김',
  'alerts.printer.online': '프린터 "{printer}" 다시 연결됨',
  'alerts.printer.jobFailed': '프린터 "{printer}" 인쇄 작업 실패',
  'alerts.stock.low': '경품 "{gift}" 재고 {remaining}개 남음',
  'alerts.printer.jobFailedAt': '{station}: 프린터 "{printer}" 인쇄 작업 실패',
} as const;

export const alertsEn: Record<keyof typeof alertsKo, string> = {
  'alerts.dismiss': 'OK',
  'alerts.kiosk.printer_unavailable': '{station}: printer unavailable — a visitor was sent to the help desk',
  'alerts.kiosk.print_failed': '{station}: badge printing failed — a visitor is coming to the help desk',
  'alerts.kiosk.badge_cancelled': '{station}: the badge did not come out, so it was cancelled — the visitor was sent to the help desk',
  'alerts.kiosk.sent_to_staff': '{station}: a visitor asked for help and was sent to the help desk',
  'alerts.kiosk.pin_locked': '{station}: staff PIN locked after repeated wrong entries',
  'alerts.printer.offline': 'Printer "{printer}" went offline',
  'alerts.printer.online': 'Printer "{printer}" is back online',
  'alerts.printer.jobFailed': 'Printer "{printer}": a print job failed',
  'alerts.stock.low': 'Gift "{gift}": {remaining} left',
  'alerts.printer.jobFailedAt': '{station}: printer "{printer}" could not print a job',
} as const;
