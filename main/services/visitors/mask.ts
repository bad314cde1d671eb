/**
 * Masking for every screen: phone and e-mail never leave the core in clear.
 * 010-5025-2066 → 010-****-2066 ; user1@example.co.kr → us***@example.co.kr
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 4) return '****';
  const last4 = digits.slice(-4);
  const head = digits.startsWith('0') && digits.length >= 10 ? digits.slice(0, 3) : phone.trim().startsWith('+') ? '+' + digits.slice(0, 2) : '';
  return head ? `${head}-****-${last4}` : `****-${last4}`;
}

export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const keep = local.length <= 2 ? 1 : 2;
  return `${local.slice(0, keep)}***${email.slice(at)}`;
}

/** Digits of a phone number, for search keys and the last-4 index. */
export function phoneDigits(phone: string | null | undefined): string {
  return (phone ?? '').replace(/\D/g, '');
}

/** A phone number's digits, with Korea's +82 written the domestic way (+82 10… = 010…): one number, however typed. */
export function phoneKey(phone: string | null | undefined): string {
  const d = phoneDigits(phone);
  return d.startsWith('82') && d.length >= 11 ? `0${d.slice(2)}` : d;
}
