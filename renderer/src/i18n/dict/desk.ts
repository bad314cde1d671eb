/** Check-in desk additions: the A6 paper badge and the desk's sounds. */
export const deskKo = {
  'desk.paper': '종이 배지',
  'desk.paper.opened': '인쇄 창을 열었습니다 — A6 용지가 든 프린터를 고르세요',
  'desk.paper.sent': '종이 배지를 프린터로 보냈습니다',
  'desk.paper.failed': '종이 배지를 열 수 없습니다. 다시 눌러 주세요',
  'desk.sound.on': '소리 켜짐',
  'desk.sound.off': '소리 꺼짐',
  'desk.search.more': '더 보기 (최대 {n}명)',
} as const;

export const deskEn: Record<keyof typeof deskKo, string> = {
  'desk.paper': 'Paper badge',
  'desk.paper.opened': 'Print dialog open — pick the printer with A6 paper',
  'desk.paper.sent': 'Paper badge sent to the printer',
  'desk.paper.failed': 'Could not open the paper badge. Press again.',
  'desk.sound.on': 'Sound on',
  'desk.sound.off': 'Sound off',
  'desk.search.more': 'Show more (up to {n})',
};
