/**
 * A starting rally, seeded on first use so a fresh station can run a rehearsal at
 * once: a stamp point per hall of the event (the event's data, not code), the quiz,
 * two gifts, five questions on public procurement.
 */
import type { Hall, QuizQuestion, RallyGift, RallyPoint, RallySettings } from '../../../contract/index';

/** A rally point for each hall of the event, in the event's order. */
export const hallPoints = (halls: readonly Hall[]): RallyPoint[] =>
  halls.map((h, i) => ({ id: h.id, labelKo: h.ko, labelEn: h.en, kind: 'hall', open: true, sort: i + 1 }));

export const defaultPoints = (halls: readonly Hall[]): RallyPoint[] => [
  ...hallPoints(halls),
  { id: 'quiz', labelKo: '퀴즈', labelEn: 'Quiz', kind: 'quiz', open: true, sort: halls.length + 1 },
];

export const defaultGifts = (halls: readonly Hall[]): RallyGift[] => {
  const HALLS = halls.map((h) => h.id);
  // An event without halls yet (a fresh database) still gets valid rules: the quiz alone.
  const allHalls = HALLS.length ? HALLS : ['quiz'];
  const twoHalls = HALLS.length >= 2 ? [{ n: 2, of: HALLS }] : [];
  return [
  {
    id: 'ecobag',
    labelKo: '에코백',
    labelEn: 'Eco bag',
    rule: { all: allHalls, anyOf: [] },
    stock: 300,
    stockScope: 'day',
    perVisitor: 'event',
    active: true,
    sort: 1,
  },
  {
    id: 'tumbler',
    labelKo: '텀블러',
    labelEn: 'Tumbler',
    rule: { all: ['quiz'], anyOf: twoHalls },
    stock: 500,
    stockScope: 'event',
    perVisitor: 'event',
    active: true,
    sort: 2,
  },
  ];
};

export const DEFAULT_SETTINGS: RallySettings = { notCheckedIn: 'send_to_desk', quizPass: 3, undoMinutes: 5, lowStockAt: 20, quizAttemptsPerDay: 3 };

export const DEFAULT_QUIZ: QuizQuestion[] = [
  {
    id: 'q1',
    text: { ko: '우리나라 국가종합전자조달시스템의 이름은?', en: "What is the name of Korea's national e-procurement system?" },
    choices: [
      { ko: '나라장터', en: 'KONEPS (Nara Market)' },
      { ko: '정부24', en: 'Government24' },
      { ko: '홈택스', en: 'Hometax' },
      { ko: '국민신문고', en: 'e-People' },
    ],
    answer: 0,
  },
  {
    id: 'q2',
    text: { ko: '공공조달을 총괄하는 중앙행정기관은?', en: 'Which central agency oversees public procurement in Korea?' },
    choices: [
      { ko: '기획재정부', en: 'Ministry of Economy and Finance' },
      { ko: '조달청', en: 'Public Procurement Service (PPS)' },
      { ko: '공정거래위원회', en: 'Fair Trade Commission' },
      { ko: '중소벤처기업부', en: 'Ministry of SMEs and Startups' },
    ],
    answer: 1,
  },
  {
    id: 'q3',
    text: { ko: '여러 기관이 공통으로 쓰는 물품을 미리 계약해 두고 바로 주문하는 제도는?', en: 'Pre-contracted common goods that agencies can order directly are bought through…' },
    choices: [
      { ko: '수의계약', en: 'Private contracts' },
      { ko: '긴급입찰', en: 'Emergency bidding' },
      { ko: '다수공급자계약(MAS)', en: 'Multiple Award Schedule (MAS)' },
      { ko: '경매', en: 'Auctions' },
    ],
    answer: 2,
  },
  {
    id: 'q4',
    text: { ko: '혁신제품을 공공기관이 먼저 구매해 주는 제도는?', en: 'The scheme in which public bodies act as first buyers of innovative products is called…' },
    choices: [
      { ko: '혁신제품 시범구매', en: 'Innovative product pilot purchase' },
      { ko: '해외직구', en: 'Overseas direct purchase' },
      { ko: '공동구매', en: 'Group buying' },
      { ko: '중고거래', en: 'Second-hand trading' },
    ],
    answer: 0,
  },
  {
    id: 'q5',
    text: { ko: '공공기관의 입찰 공고를 한곳에서 볼 수 있는 곳은?', en: "Where can public bodies' tender notices be found in one place?" },
    choices: [
      { ko: '신문 광고', en: 'Newspaper adverts' },
      { ko: '각 기관 게시판', en: "Each agency's notice board" },
      { ko: '나라장터', en: 'KONEPS (Nara Market)' },
      { ko: '전화 문의', en: 'By telephone' },
    ],
    answer: 2,
  },
];
