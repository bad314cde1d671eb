import { useI18n } from '../i18n/i18n';

// Placeholder until the registrations import screen lands.
export function ImportScreen() {
  const { t } = useI18n();
  return (
    <main className="screen">
      <h2>{t('import.title')}</h2>
    </main>
  );
}
