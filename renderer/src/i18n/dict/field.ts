/** Field polish from the 100k walk-through (issue 14): desk printing answers, kiosk identification, walk-ins. */
export const fieldKo = {
  'print.reprint.waiting': '이 방문객의 명찰이 {time}부터 {printer}에서 인쇄를 기다리고 있습니다 (아직 인쇄되지 않음). 프린터가 돌아오면 한 장만 나옵니다',
  'print.reprint.replaced': '기다리던 명찰을 취소하고 새 명찰로 바꿨습니다',
  'print.reason.replaces_waiting': '기다리던 명찰 대신',
  'alerts.kiosk.ambiguous': '{station}: 휴대폰·이름·소속이 여러 분과 일치해 방문객을 안내 데스크로 보냈습니다',
  'alerts.kiosk.not_today': '{station}: 오늘 참가로 등록되지 않은 방문객을 안내 데스크로 보냈습니다',
  'alerts.kiosk.too_many_tries': '{station}: 조회가 너무 잦아 잠시 멈췄습니다 — 확인해 주세요',
  'kiosk.identify.byMobile': '휴대폰 번호 전체로 찾기',
  'kiosk.identify.mobileLabel': '휴대폰 번호 (해외 번호는 + 국가번호부터)',
  'kiosk.narrow.title': '여러 분이 일치합니다',
  'kiosk.narrow.lead': '조금만 더 알려 주세요 — 소속(회사·기관) 이름의 일부, 또는 휴대폰 번호 전체',
  'kiosk.narrow.org': '소속(회사·기관)으로 찾기',
  'kiosk.narrow.orgLabel': '소속 이름의 일부 (예: 한빛테크, 도로공사)',
} as const;

export const fieldEn: Record<keyof typeof fieldKo, string> = {
  'print.reprint.waiting': "This visitor's badge has been waiting for {printer} since {time} (not printed yet). One badge comes out when the printer is back",
  'print.reprint.replaced': 'The waiting badge was cancelled and replaced by this one',
  'print.reason.replaces_waiting': 'Instead of a waiting badge',
  'alerts.kiosk.ambiguous': '{station}: phone, name and organisation fit several people — a visitor was sent to the help desk',
  'alerts.kiosk.not_today': '{station}: a visitor not registered for today was sent to the help desk',
  'alerts.kiosk.too_many_tries': '{station}: too many lookups in a row, paused — please take a look',
  'kiosk.identify.byMobile': 'Find by full mobile number',
  'kiosk.identify.mobileLabel': 'Mobile number (abroad: start with + and the country code)',
  'kiosk.narrow.title': 'Several people match',
  'kiosk.narrow.lead': 'Tell us a little more — part of your organisation’s name, or your full mobile number',
  'kiosk.narrow.org': 'Find by organisation',
  'kiosk.narrow.orgLabel': 'Part of your organisation’s name (e.g. Hanbit Tech)',
};
