/** Field polish from the 100k walk-through (issue 14): desk printing answers, kiosk identification, walk-ins. */
export const fieldKo = {
  'print.reprint.waiting': '이 방문객의 명찰이 {time}부터 {printer}에서 인쇄를 기다리고 있습니다 (아직 인쇄되지 않음). 프린터가 돌아오면 한 장만 나옵니다',
  'print.reprint.replaced': '기다리던 명찰을 취소하고 새 명찰로 바꿨습니다',
  'print.reason.replaces_waiting': '기다리던 명찰 대신',
} as const;

export const fieldEn: Record<keyof typeof fieldKo, string> = {
  'print.reprint.waiting': "This visitor's badge has been waiting for {printer} since {time} (not printed yet). One badge comes out when the printer is back",
  'print.reprint.replaced': 'The waiting badge was cancelled and replaced by this one',
  'print.reason.replaces_waiting': 'Instead of a waiting badge',
};
