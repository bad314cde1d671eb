import type { MessageKey } from './ko';
import { importEn } from './dict/import';
import { alertsEn } from './dict/alerts';
import { printingEn } from './dict/printing';
import { kioskEn } from './dict/kiosk';
import { rallyEn } from './dict/rally';
import { programmeEn } from './dict/programme';
import { consultationsEn } from './dict/consultations';
import { venueEn } from './dict/venue';
import { deskEn } from './dict/desk';
import { fieldEn } from './dict/field';
import { sessionsEn } from './dict/sessions';
import { reportsEn } from './dict/reports';
import { privacyEn } from './dict/privacy';
import { setupEn } from './dict/setup';
import { offlineEn } from './dict/offline';
import { dashboardEn } from './dict/dashboard';
import { stationsEn } from './dict/stations';
import { badgeDesignEn } from './dict/badge-design';
import { boothEn } from './dict/booth';
import { itineraryEn } from './dict/itinerary';

export const en: Record<MessageKey, string> = {
  ...importEn,
  ...alertsEn,
  ...printingEn,
  ...kioskEn,
  ...rallyEn,
  ...programmeEn,
  ...consultationsEn,
  ...venueEn,
  ...deskEn,
  ...fieldEn,
  ...sessionsEn,
  ...reportsEn,
  ...privacyEn,
  ...setupEn,
  ...offlineEn,
  ...dashboardEn,
  ...stationsEn,
  ...badgeDesignEn,
  ...boothEn,
  ...itineraryEn,
  'app.lang.toggle': '한국어',
  'app.offline': 'Lost the link to the station server. Reconnecting…',
  'app.notEventDay': 'Today ({today}) is not an event day. Event days: {days}',
  'nav.desk': 'Check-in desk',
  'nav.import': 'Import registrations',
  'nav.stations': 'Stations',

  'category.visitor': 'Visitor',
  'category.public_buyer': 'Public buyer',
  'category.corporate_buyer': 'Corporate buyer',
  'category.foreign_buyer': 'Foreign buyer',
  'category.exhibitor': 'Exhibitor',
  'category.press': 'Press',
  'category.vip': 'VIP',
  'category.staff': 'Staff',

  'counters.checkedIn': 'Checked in today',
  'counters.registered': 'Registered today',

  'desk.scan.label': 'Scan the QR code or type the registration number, then Enter',
  'desk.scan.placeholder': 'Waiting for a scan…',
  'desk.search.label': 'Search: name, initials, organisation, e-mail, code, phone last 4',
  'desk.search.placeholder': 'e.g. Kim, Piotr, ㄱㅇㅎ, 2066',
  'desk.search.none': 'No visitor found',
  'desk.search.kind.name': 'name / organisation',
  'desk.search.kind.initials': 'initials',
  'desk.search.kind.phone_last4': 'phone last 4',
  'desk.search.kind.phone': 'phone number',
  'desk.search.kind.code': 'registration code',
  'desk.search.kind.email': 'e-mail',
  'desk.search.kind.text': 'English name / organisation',
  'desk.search.recognised': 'Searched as {kind} · {n} found',
  'desk.search.hint': '↑↓ to pick, Enter to check in · Esc clears',
  'desk.search.otherDay': 'Not registered today · {days}',
  'desk.search.checkin': 'Check in',
  'desk.search.checkedIn': 'Checked in',
  'desk.walkin.open': 'Walk-in',
  'desk.walkin.title': 'Walk-in registration (not pre-registered)',
  'desk.walkin.name': 'Name',
  'desk.walkin.nameEn': 'Name in English (optional)',
  'desk.walkin.organisation': 'Organisation',
  'desk.walkin.title.field': 'Title (optional)',
  'desk.walkin.phone': 'Mobile phone',
  'desk.walkin.email': 'E-mail (optional)',
  'desk.walkin.category': 'Category',
  'desk.walkin.consent': 'I agree to the collection and use of my personal data (required)',
  'desk.walkin.consentText':
    'Collected: name, organisation, title, mobile phone, e-mail. Purpose: admission and event information. Kept: one year after the event. You may refuse, but then on-site registration is not possible.',
  'desk.walkin.submit': 'Register and check in',
  'desk.walkin.cancel': 'Cancel',
  'desk.walkin.missingName': 'Enter a name',
  'desk.walkin.missingConsent': 'Consent is required',
  'desk.walkin.badPhone': 'Use digits and - only for the phone number',
  'desk.walkin.missingPhone': 'Enter a mobile phone number',

  'outcome.checked_in': 'Checked in',
  'outcome.already_checked_in': 'Already checked in',
  'outcome.already.detail': 'First check-in: {time} · {station}',
  'outcome.not_registered_today': 'Not registered for today',
  'outcome.not_registered.detail': 'Registered for: {days}',
  'outcome.override.reason': 'Reason (required)',
  'outcome.override.submit': 'Check in anyway',
  'outcome.unknown_code': 'Unknown code',
  'outcome.unknown.detail': '"{code}" — check the number or search by name',
  'outcome.walkin.done': 'Walk-in registered and checked in',
  'outcome.checked_in.detail': '{time} · {station}',
  'outcome.already.first': 'First check-in',
  'outcome.unknown.searched': 'To find the visitor by name or number, use the search on the right',
  'outcome.offline.title': 'Kept, not checked in yet',
  'outcome.offline.detail': '"{code}" is kept and sent automatically when the station is back',

  'stations.title': 'Stations',
  'stations.online': 'online',
  'stations.offline': 'offline',

  'error.invalid_input': 'The input is not valid',
  'error.unknown_channel': 'Unsupported request',
  'error.forbidden': 'This station is not allowed to do that',
  'error.unauthorized': 'A station token is required',
  'error.not_found': 'Not found',
  'error.conflict': 'Someone else did this first',
  'error.db_unavailable': 'Cannot reach the database. Nothing was saved — try again in a moment',
  'error.printer_offline': 'The printer is off or not connected',
  'error.printer_timeout': 'The printer is not responding',
  'error.import_failed': 'The file cannot be imported',
  'error.station_unreachable': 'Cannot reach the station server',
  'error.internal': 'Something went wrong',
  'error.rate_limited': 'Please try again in a moment. Staff have been called',
};
