import type { VisitorSummary } from '@contract/index';
import { useI18n } from '../i18n/i18n';
import './consent-flag.css';

/**
 * The no-consent flag on a staff screen: a loud purple band under the visitor's name, read
 * from a step away, Korean first with English beside it. Staff screens only — the kiosk
 * never gets the flag (it says "see the desk" and nothing more).
 */
export function ConsentFlag({ visitor, badgeWithheld }: { visitor: VisitorSummary; badgeWithheld?: boolean }) {
  const { t, other } = useI18n();
  if (!visitor.noConsent) return null;
  return (
    <div className="consent-flag" data-testid="consent-flag" role="note">
      <b>
        ⚠ {t('consent.flag')} <span className="sub">{other('consent.flag')}</span>
      </b>
      {badgeWithheld && (
        <span data-testid="consent-badge-withheld">
          {t('consent.badgeWithheld')} <span className="sub">{other('consent.badgeWithheld')}</span>
        </span>
      )}
    </div>
  );
}
