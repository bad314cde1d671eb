/** Admin console: the organiser's kiosk settings — idle reset, walk-in categories, staff PIN. */
import { useEffect, useState } from 'react';
import type { Category, OutputOf } from '@contract/index';
import { eventCategories } from '../setup/event-categories';
import { call } from '../api/client';
import { useI18n } from '../i18n/i18n';

type Config = OutputOf<'kiosk.config'>;

export function KioskSettingsScreen() {
  const { t, categoryText, errorText } = useI18n();
  const [cfg, setCfg] = useState<Config | null>(null);
  const [pin, setPin] = useState('');
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    void call('kiosk.config', {}).then((r) => (r.ok ? setCfg(r.value) : setNote(errorText(r.error))));
  }, [errorText]);
  if (!cfg) return <main className="screen">{note ?? '…'}</main>;

  const toggle = (c: Category) =>
    setCfg({ ...cfg, walkInCategories: cfg.walkInCategories.includes(c) ? cfg.walkInCategories.filter((x) => x !== c) : [...cfg.walkInCategories, c] });
  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!cfg) return;
    const r = await call('kiosk.settings.update', {
      idleSeconds: cfg.idleSeconds,
      walkInEnabled: cfg.walkInEnabled,
      walkInCategories: cfg.walkInCategories,
      ...(pin ? { pin } : {}),
    });
    if (r.ok) {
      setCfg(r.value);
      setPin('');
      setNote(t('kiosk.settings.saved'));
    } else setNote(errorText(r.error));
  }

  return (
    <main className="screen">
      <form className="panel" style={{ maxWidth: 720 }} onSubmit={save} data-testid="kiosk-settings">
        <h2>{t('kiosk.settings.title')}</h2>
        <label htmlFor="idle">{t('kiosk.settings.idle')}</label>
        <input id="idle" type="number" min={5} max={600} value={cfg.idleSeconds} onChange={(e) => setCfg({ ...cfg, idleSeconds: Number(e.target.value) || 30 })} />
        <div className="check" style={{ marginTop: 12 }}>
          <input id="walkin" type="checkbox" checked={cfg.walkInEnabled} onChange={(e) => setCfg({ ...cfg, walkInEnabled: e.target.checked })} />
          <label htmlFor="walkin" style={{ margin: 0 }}>
            {t('kiosk.settings.walkIn')}
          </label>
        </div>
        <label>{t('kiosk.settings.categories')}</label>
        {eventCategories().map(({ id: c }) => (
          <div className="check" key={c}>
            <input id={`cat-${c}`} type="checkbox" checked={cfg.walkInCategories.includes(c)} onChange={() => toggle(c)} />
            <label htmlFor={`cat-${c}`} style={{ margin: 0 }}>
              {categoryText(c)}
            </label>
          </div>
        ))}
        <label htmlFor="pin">
          {t('kiosk.settings.pin')} · <span className="sub">{cfg.pinSet ? t('kiosk.settings.pinSet') : t('kiosk.settings.pinNotSet')}</span>
        </label>
        <input id="pin" type="password" inputMode="numeric" autoComplete="new-password" maxLength={8} value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} />
        {note && <p role="status">{note}</p>}
        <button className="primary" style={{ marginTop: 16 }} disabled={cfg.walkInCategories.length === 0 || (pin !== '' && pin.length < 4)}>
          {t('kiosk.settings.save')}
        </button>
      </form>
    </main>
  );
}
