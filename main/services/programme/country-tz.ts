/**
 * Buyer country → IANA time zone, for "the buyer's local time" beside an online
 * meeting. Covers the buyer countries in the organiser's samples, in Korean and English;
 * a country with several zones takes its capital's (미국 → New York, the buyers' usual
 * business hours). An unknown country shows no local time rather than a wrong one.
 */
const ZONES: Record<string, string> = {
  대한민국: 'Asia/Seoul', 한국: 'Asia/Seoul', 'south korea': 'Asia/Seoul', korea: 'Asia/Seoul',
  아랍에미리트: 'Asia/Dubai', 'united arab emirates': 'Asia/Dubai', uae: 'Asia/Dubai',
  베트남: 'Asia/Ho_Chi_Minh', 'viet nam': 'Asia/Ho_Chi_Minh', vietnam: 'Asia/Ho_Chi_Minh',
  인도: 'Asia/Kolkata', india: 'Asia/Kolkata',
  콜롬비아: 'America/Bogota', colombia: 'America/Bogota',
  케냐: 'Africa/Nairobi', kenya: 'Africa/Nairobi',
  우즈베키스탄: 'Asia/Tashkent', uzbekistan: 'Asia/Tashkent',
  사우디아라비아: 'Asia/Riyadh', 'saudi arabia': 'Asia/Riyadh',
  폴란드: 'Europe/Warsaw', poland: 'Europe/Warsaw',
  말레이시아: 'Asia/Kuala_Lumpur', malaysia: 'Asia/Kuala_Lumpur',
  필리핀: 'Asia/Manila', philippines: 'Asia/Manila',
  태국: 'Asia/Bangkok', thailand: 'Asia/Bangkok',
  튀르키예: 'Europe/Istanbul', 터키: 'Europe/Istanbul', türkiye: 'Europe/Istanbul', turkey: 'Europe/Istanbul',
  미국: 'America/New_York', 'united states': 'America/New_York', usa: 'America/New_York',
  페루: 'America/Lima', peru: 'America/Lima',
  인도네시아: 'Asia/Jakarta', indonesia: 'Asia/Jakarta',
  일본: 'Asia/Tokyo', japan: 'Asia/Tokyo',
  중국: 'Asia/Shanghai', china: 'Asia/Shanghai',
  몽골: 'Asia/Ulaanbaatar', mongolia: 'Asia/Ulaanbaatar',
  호주: 'Australia/Sydney', australia: 'Australia/Sydney',
  독일: 'Europe/Berlin', germany: 'Europe/Berlin',
  영국: 'Europe/London', 'united kingdom': 'Europe/London',
  프랑스: 'Europe/Paris', france: 'Europe/Paris',
};

export function countryTimeZone(country: string | null | undefined): string | null {
  if (!country) return null;
  return ZONES[country.trim().toLowerCase()] ?? null;
}
