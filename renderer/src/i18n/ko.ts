/**
 * Korean strings — the source of truth for i18n keys. English (en.ts) must have the
 * same keys (the type checker enforces it). Parameters are written {name}.
 * Feature screens add their keys in their own block.
 */
import { importKo } from './dict/import';
import { alertsKo } from './dict/alerts';
import { printingKo } from './dict/printing';
import { kioskKo } from './dict/kiosk';
import { rallyKo } from './dict/rally';
import { programmeKo } from './dict/programme';
import { consultationsKo } from './dict/consultations';
import { venueKo } from './dict/venue';
import { deskKo } from './dict/desk';
import { fieldKo } from './dict/field';
import { sessionsKo } from './dict/sessions';
import { reportsKo } from './dict/reports';
import { privacyKo } from './dict/privacy';
import { setupKo } from './dict/setup';
import { offlineKo } from './dict/offline';
import { dashboardKo } from './dict/dashboard';
import { stationsKo } from './dict/stations';
import { badgeDesignKo } from './dict/badge-design';
import { boothKo } from './dict/booth';
import { itineraryKo } from './dict/itinerary';

export const ko = {
  ...importKo,
  ...alertsKo,
  ...printingKo,
  ...kioskKo,
  ...rallyKo,
  ...programmeKo,
  ...consultationsKo,
  ...venueKo,
  ...deskKo,
  ...fieldKo,
  ...sessionsKo,
  ...reportsKo,
  ...privacyKo,
  ...setupKo,
  ...offlineKo,
  ...dashboardKo,
  ...stationsKo,
  ...badgeDesignKo,
  ...boothKo,
  ...itineraryKo,
  'app.lang.toggle': 'English',
  'app.offline': '스테이션 서버와 연결이 끊겼습니다. 다시 연결하는 중…',
  'app.notEventDay': '오늘({today})은 행사일이 아닙니다. 행사일: {days}',
  'nav.desk': '입실 데스크',
  'nav.import': '사전등록 가져오기',
  'nav.stations': '스테이션',

  'category.visitor': '일반참관객',
  'category.public_buyer': '공공기관 구매담당',
  'category.corporate_buyer': '대기업 구매담당',
  'category.foreign_buyer': '해외바이어',
  'category.exhibitor': '출품기업',
  'category.press': '프레스',
  'category.vip': 'VIP',
  'category.staff': '운영요원',

  'counters.checkedIn': '오늘 입실',
  'counters.registered': '오늘 등록',

  'desk.scan.label': 'QR 스캔 또는 등록번호 입력 후 Enter',
  'desk.scan.placeholder': '스캔 대기 중…',
  'desk.search.label': '검색: 이름·초성·소속·이메일·등록번호·휴대폰 끝 4자리',
  'desk.search.placeholder': '예: 김은희, 은희, ㄱㅇㅎ, 2066',
  'desk.search.none': '검색 결과가 없습니다',
  'desk.search.kind.name': '이름·소속',
  'desk.search.kind.initials': '초성',
  'desk.search.kind.phone_last4': '휴대폰 끝 4자리',
  'desk.search.kind.phone': '휴대폰 번호',
  'desk.search.kind.code': '등록번호',
  'desk.search.kind.email': '이메일',
  'desk.search.kind.text': '영문 이름·소속',
  'desk.search.recognised': '{kind}(으)로 검색 · {n}명',
  'desk.search.hint': '↑↓ 로 고르고 Enter 로 입실 · Esc 지우기',
  'desk.search.otherDay': '오늘 등록 아님 · {days}',
  'desk.search.checkin': '입실',
  'desk.search.checkedIn': '입실함',
  'desk.walkin.open': '현장 등록',
  'desk.walkin.title': '현장 등록 (사전등록 없음)',
  'desk.walkin.name': '성명',
  'desk.walkin.nameEn': '영문 성명 (선택)',
  'desk.walkin.organisation': '소속',
  'desk.walkin.title.field': '직위 (선택)',
  'desk.walkin.phone': '휴대폰',
  'desk.walkin.email': '이메일 (선택)',
  'desk.walkin.category': '구분',
  'desk.walkin.consent': '개인정보 수집·이용에 동의합니다 (필수)',
  'desk.walkin.consentText':
    '수집 항목: 성명, 소속, 직위, 휴대폰, 이메일. 목적: 행사 입장 관리 및 안내. 보유 기간: 행사 종료 후 1년. 동의를 거부할 수 있으나, 이 경우 현장 등록이 제한됩니다.',
  'desk.walkin.submit': '등록하고 입실',
  'desk.walkin.cancel': '취소',
  'desk.walkin.missingName': '성명을 입력하세요',
  'desk.walkin.missingConsent': '개인정보 동의가 필요합니다',
  'desk.walkin.badPhone': '휴대폰 번호는 숫자와 - 만 입력하세요',
  'desk.walkin.missingPhone': '휴대폰 번호를 입력하세요',

  'outcome.checked_in': '입실 완료',
  'outcome.already_checked_in': '이미 입실했습니다',
  'outcome.already.detail': '최초 입실: {time} · {station}',
  'outcome.not_registered_today': '오늘 등록되지 않은 방문객',
  'outcome.not_registered.detail': '등록일: {days}',
  'outcome.override.reason': '사유 (필수)',
  'outcome.override.submit': '그래도 입실 처리',
  'outcome.unknown_code': '알 수 없는 코드',
  'outcome.unknown.detail': '"{code}" — 등록번호를 확인하거나 이름으로 검색하세요',
  'outcome.walkin.done': '현장 등록 및 입실 완료',
  'outcome.checked_in.detail': '{time} · {station}',
  'outcome.already.first': '최초 입실',
  'outcome.unknown.searched': '이름·번호로 찾아보려면 오른쪽 검색을 이용하세요',
  'outcome.offline.title': '저장 대기 중 — 아직 입실 처리되지 않았습니다',
  'outcome.offline.detail': '"{code}" 는 보관되었고 스테이션이 다시 연결되면 자동으로 보냅니다',

  'stations.title': '스테이션',
  'stations.online': '온라인',
  'stations.offline': '오프라인',

  'error.invalid_input': '입력값이 올바르지 않습니다',
  'error.unknown_channel': '지원하지 않는 요청입니다',
  'error.forbidden': '이 스테이션에서는 할 수 없는 작업입니다',
  'error.unauthorized': '스테이션 토큰이 필요합니다',
  'error.not_found': '찾을 수 없습니다',
  'error.conflict': '다른 곳에서 먼저 처리되었습니다',
  'error.db_unavailable': '데이터베이스에 연결할 수 없습니다. 저장되지 않았습니다. 잠시 후 다시 시도하세요',
  'error.printer_offline': '프린터가 꺼져 있거나 연결되지 않았습니다',
  'error.printer_timeout': '프린터가 응답하지 않습니다',
  'error.import_failed': '파일을 가져올 수 없습니다',
  'error.station_unreachable': '스테이션 서버에 연결할 수 없습니다',
  'error.internal': '처리 중 오류가 발생했습니다',
  'error.rate_limited': '잠시 후 다시 시도하세요. 직원을 불렀습니다',
};
export type MessageKey = keyof typeof ko;
