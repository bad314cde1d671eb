/**
 * Realistic pre-registration exports for the bench (and for trying the import by hand):
 * Korean names with real surname frequencies and two-syllable given names, a few
 * thousand organisations, titles, categories in the proportions a procurement fair
 * sees, 010 mobiles, e-mails, 1–3 event days — written as the organiser's CP949 CSV.
 * Deterministic for a seed, so figures compare between runs.
 */
import iconv from 'iconv-lite';

/** Surnames with their approximate share of the population (통계청 2015), two-syllable ones included. */
const SURNAMES: [string, number][] = [
  ['김', 21.5], ['이', 14.7], ['박', 8.4], ['최', 4.7], ['정', 4.3], ['강', 2.4], ['조', 2.1], ['윤', 2.1], ['장', 2.0],
  ['임', 1.7], ['한', 1.5], ['오', 1.5], ['서', 1.4], ['신', 1.4], ['권', 1.4], ['황', 1.3], ['안', 1.3], ['송', 1.2],
  ['전', 1.1], ['홍', 1.1], ['유', 1.1], ['고', 0.9], ['문', 0.9], ['양', 0.9], ['손', 0.9], ['배', 0.8], ['백', 0.8],
  ['허', 0.7], ['노', 0.6], ['남', 0.6], ['심', 0.5], ['하', 0.5], ['곽', 0.4], ['성', 0.4], ['차', 0.4], ['주', 0.4],
  ['우', 0.4], ['구', 0.4], ['민', 0.3], ['류', 0.3], ['나', 0.3], ['진', 0.3], ['지', 0.3], ['엄', 0.3], ['채', 0.3],
  ['원', 0.3], ['천', 0.2], ['방', 0.2], ['공', 0.2], ['현', 0.2], ['함', 0.2], ['변', 0.2], ['염', 0.2], ['여', 0.2],
  ['추', 0.1], ['도', 0.1], ['소', 0.1], ['석', 0.1], ['선', 0.1], ['설', 0.1], ['마', 0.1], ['길', 0.1], ['연', 0.1],
  ['남궁', 0.02], ['선우', 0.01], ['제갈', 0.01], ['황보', 0.01], ['독고', 0.005],
];
const ROMAN_SURNAME: Record<string, string> = {
  김: 'Kim', 이: 'Lee', 박: 'Park', 최: 'Choi', 정: 'Jung', 강: 'Kang', 조: 'Cho', 윤: 'Yoon', 장: 'Jang', 임: 'Lim',
  한: 'Han', 오: 'Oh', 서: 'Seo', 신: 'Shin', 권: 'Kwon', 황: 'Hwang', 안: 'Ahn', 송: 'Song', 전: 'Jeon', 홍: 'Hong',
  유: 'Yoo', 고: 'Ko', 문: 'Moon', 양: 'Yang', 손: 'Son', 배: 'Bae', 백: 'Baek', 허: 'Heo', 노: 'Noh', 남: 'Nam',
  심: 'Shim', 하: 'Ha', 곽: 'Kwak', 성: 'Sung', 차: 'Cha', 주: 'Joo', 우: 'Woo', 구: 'Koo', 민: 'Min', 류: 'Ryu',
  나: 'Na', 진: 'Jin', 지: 'Ji', 엄: 'Eom', 채: 'Chae', 원: 'Won', 천: 'Cheon', 방: 'Bang', 공: 'Kong', 현: 'Hyun',
  함: 'Ham', 변: 'Byun', 염: 'Yeom', 여: 'Yeo', 추: 'Choo', 도: 'Do', 소: 'So', 석: 'Seok', 선: 'Sun', 설: 'Seol',
  마: 'Ma', 길: 'Gil', 연: 'Yeon', 남궁: 'Namgung', 선우: 'Sunwoo', 제갈: 'Jegal', 황보: 'Hwangbo', 독고: 'Dokgo',
};
/** Syllables of given names, weighted towards the common ones by repetition. */
const GIVEN: [string, string][] = [
  ['민', 'min'], ['서', 'seo'], ['지', 'ji'], ['현', 'hyun'], ['수', 'su'], ['영', 'young'], ['준', 'jun'], ['은', 'eun'],
  ['우', 'woo'], ['진', 'jin'], ['호', 'ho'], ['예', 'ye'], ['도', 'do'], ['하', 'ha'], ['윤', 'yun'], ['성', 'sung'],
  ['재', 'jae'], ['정', 'jung'], ['혜', 'hye'], ['경', 'kyung'], ['희', 'hee'], ['연', 'yeon'], ['주', 'ju'], ['동', 'dong'],
  ['상', 'sang'], ['철', 'chul'], ['용', 'yong'], ['태', 'tae'], ['승', 'seung'], ['원', 'won'], ['유', 'yu'], ['채', 'chae'],
  ['다', 'da'], ['나', 'na'], ['아', 'a'], ['시', 'si'], ['건', 'gun'], ['훈', 'hoon'], ['석', 'seok'], ['규', 'kyu'],
  ['혁', 'hyuk'], ['빈', 'bin'], ['미', 'mi'], ['선', 'sun'], ['숙', 'sook'], ['자', 'ja'], ['순', 'soon'], ['옥', 'ok'],
  ['명', 'myung'], ['기', 'ki'], ['광', 'kwang'], ['종', 'jong'], ['형', 'hyung'], ['범', 'beom'], ['인', 'in'], ['소', 'so'],
  ['율', 'yul'], ['린', 'rin'], ['원', 'won'], ['세', 'se'], ['한', 'han'], ['찬', 'chan'], ['혜', 'hye'], ['경', 'kyung'],
];
const FOREIGN_FIRST = ['Piotr', 'Anna', 'John', 'Maria', 'Ahmed', 'Nguyen', 'Aigerim', 'Rustam', 'Carlos', 'Sofia', 'David', 'Fatima', 'Tran', 'Ivan', 'Olga', 'Mohammed', 'Sarah', 'James', 'Emma', 'Lucas', 'Aziz', 'Dilnoza', 'Budi', 'Siti', 'Raj', 'Priya', 'Kenji', 'Yuki', 'Wei', 'Li'];
const FOREIGN_LAST = ['Kowalski', 'Smith', 'Garcia', 'Nguyen', 'Nurlanov', 'Karimov', 'Silva', 'Rossi', 'Mueller', 'Hassan', 'Tran', 'Petrov', 'Ivanova', 'Khan', 'Johnson', 'Brown', 'Santos', 'Tashkentov', 'Wijaya', 'Sharma', 'Patel', 'Tanaka', 'Sato', 'Wang', 'Zhang', 'Pham', 'Le', 'Abdullah', 'Omarov', 'Fernandez'];
const COUNTRIES: [string, string][] = [
  ['케냐', '+254'], ['우즈베키스탄', '+998'], ['카자흐스탄', '+7'], ['베트남', '+84'], ['인도네시아', '+62'], ['태국', '+66'],
  ['폴란드', '+48'], ['미국', '+1'], ['인도', '+91'], ['일본', '+81'], ['중국', '+86'], ['브라질', '+55'], ['사우디아라비아', '+966'],
];

/** Public bodies and companies: a few fixed names staff know, then generated ones. */
const KNOWN_ORGS = [
  '한국도로공사', '한국토지주택공사', '한국수자원공사', '한국전력공사', '한국철도공사', '한국가스공사', '한국환경공단', '인천국제공항공사',
  '조달청', '국방부', '행정안전부', '국토교통부', '서울특별시', '경기도청', '고양시청', '한국조달연구원', '한국구매조달학회',
  '삼성전자', 'LG전자', '현대건설', '포스코이앤씨', 'SK에코플랜트', '(주)그린에너지', '(주)한빛테크', '(주)미래솔루션', '대한안전산업(주)',
];
const REGIONS = ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '세종', '경기', '강원', '충북', '충남', '전북', '전남', '경북', '경남', '제주', '수원', '성남', '고양', '용인', '창원', '청주', '천안', '전주', '포항', '김해', '안산', '화성', '파주'];
const PUBLIC_KINDS = ['시청', '구청', '교육청', '소방본부', '도시공사', '시설관리공단', '개발공사', '경찰청', '상수도사업본부', '테크노파크'];
const COMPANY_WORDS = ['그린', '한빛', '미래', '대한', '동양', '태양', '세진', '우리', '새한', '코리아', '글로벌', '스마트', '하나', '신성', '대성', '삼화', '한솔', '나래', '푸른', '에이스', '다온', '아이', '누리', '제일', '태광', '동원', '한울', '청운', '금강', '백두'];
const COMPANY_TAILS = ['테크', '솔루션', '에너지', '건설', '시스템', '산업', '전자', '정보통신', '엔지니어링', '소프트', '메디칼', '환경', '안전', '로보틱스', '바이오', '디자인', '물산', '기계', '화학', '네트웍스'];
const FOREIGN_ORGS = ['Kenya Holdings', 'Uzbekistan Trading Co.', 'Kazakhstan Holdings', 'Vietnam Infrastructure JSC', 'Jakarta Procurement Agency', 'Thai Public Works', 'Warsaw Municipal Services', 'Riyadh Development Authority', 'Delhi Metro Supplies', 'Hanoi Smart City Co.'];

const TITLES: [string, number][] = [
  ['사원', 10], ['대리', 10], ['과장', 10], ['차장', 7], ['부장', 7], ['팀장', 8], ['실장', 4], ['본부장', 3], ['이사', 4], ['대표이사', 4],
  ['주무관', 8], ['사무관', 6], ['서기관', 4], ['연구원', 6], ['책임연구원', 5], ['선임연구원', 4], ['교수', 2], ['기자', 1],
];
/** What a procurement fair's registration desk sees: mostly general visitors, then exhibitors and buyers. */
const CATEGORIES: [string, number][] = [
  ['일반참관객', 58], ['출품기업', 13], ['공공기관 구매담당', 10], ['대기업 구매담당', 7], ['해외바이어', 5], ['프레스', 2], ['VIP', 1.5], ['운영요원', 3.5],
];
const MAIL_DOMAINS = ['naver.com', 'gmail.com', 'daum.net', 'hanmail.net', 'kakao.com', 'nate.com', 'korea.kr', 'example.co.kr'];
export const EVENT_DAYS = ['2022-04-13', '2022-04-14', '2022-04-15'];

/** mulberry32: small, fast, seeded. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(items: [T, number][]): (r: number) => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of items) cum.push((acc += w / total));
  return (r) => {
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r <= cum[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]![0];
  };
}

function organisations(random: () => number, n: number): string[] {
  const out = new Set(KNOWN_ORGS);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  while (out.size < n) {
    const r = random();
    if (r < 0.2) out.add(`${pick(REGIONS)}${pick(PUBLIC_KINDS)}`);
    else if (r < 0.3) out.add(`${pick(REGIONS)}대학교`);
    else {
      const name = `${pick(COMPANY_WORDS)}${pick(COMPANY_TAILS)}`;
      const form = random();
      out.add(form < 0.45 ? `(주)${name}` : form < 0.6 ? `주식회사 ${name}` : form < 0.7 ? `${name}(주)` : `${pick(REGIONS)}${name}`);
    }
  }
  return [...out];
}

export interface GeneratedRegistration {
  code: string;
  nameKo: string;
  /** Given name (Korean names), for the bench's "given name" queries. */
  given: string | null;
  nameEn: string | null;
  organisation: string;
  title: string;
  category: string;
  phone: string;
  email: string;
  country: string;
  days: string[];
}

export function generateRegistrations(n: number, seed = 20220413): GeneratedRegistration[] {
  const random = rng(seed);
  const surname = weighted(SURNAMES);
  const title = weighted(TITLES);
  const category = weighted(CATEGORIES);
  const orgs = organisations(random, 3000);
  // A few big organisations send many people (Zipf-like): index ~ r^2.
  const org = () => orgs[Math.floor(random() ** 2 * orgs.length)]!;
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const usedPhones = new Set<string>();
  const out: GeneratedRegistration[] = [];
  for (let i = 0; i < n; i++) {
    const cat = category(random());
    const code = `PPS22-${100001 + i}`;
    const dayCount = 1 + Math.floor(random() * random() * 3.2);
    const start = Math.floor(random() * (EVENT_DAYS.length - Math.min(dayCount, 3) + 1));
    const days = EVENT_DAYS.slice(start, start + Math.min(dayCount, 3));
    if (cat === '해외바이어') {
      const first = pick(FOREIGN_FIRST);
      const last = pick(FOREIGN_LAST);
      const [country, cc] = pick(COUNTRIES);
      const name = `${first} ${last}`;
      out.push({
        code, nameKo: name, given: null, nameEn: name, organisation: pick(FOREIGN_ORGS), title: pick(['Director', 'Manager', 'Procurement Officer', '대리', '부장']),
        category: cat, phone: `${cc} ${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
        email: `${first}.${last}${i % 97}@${pick(['gmail.com', 'outlook.com', 'example.com'])}`.toLowerCase(), country, days,
      });
      continue;
    }
    const s = surname(random());
    const g1 = pick(GIVEN);
    const g2 = pick(GIVEN);
    const given = g1[0] + g2[0];
    let phone: string;
    do phone = `010-${String(1000 + Math.floor(random() * 9000))}-${String(Math.floor(random() * 10000)).padStart(4, '0')}`;
    while (usedPhones.has(phone));
    usedPhones.add(phone);
    const roman = `${g1[1]}${g2[1]}`;
    // About one in five Korean registrants fills in the English name field.
    const nameEn = random() < 0.2 ? `${ROMAN_SURNAME[s]} ${roman[0]!.toUpperCase()}${roman.slice(1)}` : null;
    const organisation = org();
    const domain = organisation.endsWith('청') || organisation.endsWith('부') ? 'korea.kr' : pick(MAIL_DOMAINS);
    out.push({
      code, nameKo: s + given, given, nameEn, organisation, title: title(random()), category: cat, phone,
      email: `${roman}${ROMAN_SURNAME[s]!.toLowerCase()}${i % 1000}@${domain}`, country: '대한민국', days,
    });
  }
  return out;
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const shortDay = (iso: string) => `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}`;

/** The organiser's export as bytes: CP949 CSV (what Korean Excel saves), header as in the sample file. */
export function registrationsCsv(rows: GeneratedRegistration[], encoding: 'cp949' | 'utf8' = 'cp949'): Buffer {
  const lines = ['등록번호,성명,영문성명,소속기관,직위,구분,휴대폰,이메일,국가,참가일자,개인정보동의'];
  for (const r of rows) {
    lines.push(
      [r.code, r.nameKo, r.nameEn ?? '', r.organisation, r.title, r.category, r.phone, r.email, r.country, r.days.map(shortDay).join(';'), 'Y']
        .map(csvCell)
        .join(','),
    );
  }
  const text = lines.join('\r\n') + '\r\n';
  return encoding === 'cp949' ? iconv.encode(text, 'cp949') : Buffer.from(text, 'utf8');
}
