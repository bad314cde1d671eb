import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';

/** A bilingual label: the station's language, then the other one in small type. */
export function Bi({ k }: { k: MessageKey }) {
  const { t, other } = useI18n();
  return (
    <>
      {t(k)} <span className="sub">{other(k)}</span>
    </>
  );
}
