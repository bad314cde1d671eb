/**
 * 행사 설정 / Event setup (admin, desk size 1366×768): the fair as data. Edit, then
 * "Check the change" asks the core what saving would do (visitors and programme rows
 * outside the days, rally points on removed halls) and why it cannot be saved; Save
 * is offered only for the change that was checked.
 */
import { useEffect, useMemo, useState } from 'react';
import { CATEGORY_ID, type CategorySetup, type EventInfo, type EventInput, type EventPreview, type Hall } from '@contract/index';
import { call } from '../api/client';
import { useI18n } from '../i18n/i18n';
import './setup.css';

type Draft = Required<Omit<EventInput, 'categories' | 'removeCategories'>> & { categories: EventInfo['categories'] };
const NEW_CATEGORY: CategorySetup = { id: '', ko: '', en: '', band: '#0969da', validity: 'registered_days' };

const toDraft = (ev: EventInfo): Draft => {
  const { configured: _c, ...rest } = ev;
  return rest;
};

export function EventSetupScreen() {
  const { t, other, errorText } = useI18n();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [preview, setPreview] = useState<{ for: string; value: EventPreview } | null>(null);
  const [note, setNote] = useState<{ kind: 'ok' | 'bad'; text: string; sub?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [newDay, setNewDay] = useState('');
  const [newCat, setNewCat] = useState<CategorySetup>(NEW_CATEGORY);
  // The categories as saved: one missing from the draft is sent as a removal.
  const [savedIds, setSavedIds] = useState<string[]>([]);

  useEffect(() => {
    void call('event.get', {}).then((r) => {
      if (r.ok) {
        setDraft(toDraft(r.value));
        setSavedIds(r.value.categories.map((c) => c.id));
      } else setNote({ kind: 'bad', text: errorText(r.error) });
    });
  }, [errorText]);

  const input = useMemo(() => (draft ? { ...draft, removeCategories: savedIds.filter((id) => !draft.categories.some((c) => c.id === id)) } : null), [draft, savedIds]);
  const key = useMemo(() => JSON.stringify(input), [input]);
  if (!draft) return <main className="screen">{note?.text ?? '…'}</main>;
  const checked = preview?.for === key ? preview.value : null;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const setCat = (i: number, patch: Partial<CategorySetup>) => set({ categories: draft.categories.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const newCatOk = CATEGORY_ID.test(newCat.id) && !draft.categories.some((c) => c.id === newCat.id) && newCat.ko.trim() !== '' && newCat.en.trim() !== '';
  const setHall = (i: number, patch: Partial<Hall>) => set({ halls: draft.halls.map((h, j) => (j === i ? { ...h, ...patch } : h)) });

  async function check() {
    setBusy(true);
    setNote(null);
    const r = await call('event.preview', input!);
    setBusy(false);
    if (r.ok) setPreview({ for: key, value: r.value });
    else setNote({ kind: 'bad', text: errorText(r.error), sub: other(`error.${r.error.code}` as 'error.internal') });
  }
  async function save() {
    setBusy(true);
    const r = await call('event.set', input!);
    setBusy(false);
    if (r.ok) {
      setDraft(toDraft(r.value));
      setSavedIds(r.value.categories.map((c) => c.id));
      setPreview(null);
      setNote({ kind: 'ok', text: t('setup.saved'), sub: other('setup.saved') });
    } else setNote({ kind: 'bad', text: errorText(r.error), sub: other(`error.${r.error.code}` as 'error.internal') });
  }

  const bi = (k: Parameters<typeof t>[0]) => (
    <>
      {t(k)} <span className="sub">{other(k)}</span>
    </>
  );

  return (
    <main className="screen setup-screen" data-testid="event-setup">
      <h2>{bi('setup.title')}</h2>
      <div className="setup-grid">
        <section className="panel">
          <label>{bi('setup.name')}</label>
          <div className="pair">
            <input aria-label="name-ko" placeholder={t('setup.ko')} value={draft.name.ko} maxLength={200} onChange={(e) => set({ name: { ...draft.name, ko: e.target.value } })} />
            <input aria-label="name-en" placeholder={t('setup.en')} value={draft.name.en} maxLength={200} onChange={(e) => set({ name: { ...draft.name, en: e.target.value } })} />
          </div>
          <label>{bi('setup.venue')}</label>
          <div className="pair">
            <input aria-label="venue-ko" placeholder={t('setup.ko')} value={draft.venue.ko} maxLength={200} onChange={(e) => set({ venue: { ...draft.venue, ko: e.target.value } })} />
            <input aria-label="venue-en" placeholder={t('setup.en')} value={draft.venue.en} maxLength={200} onChange={(e) => set({ venue: { ...draft.venue, en: e.target.value } })} />
          </div>
          <div className="pair">
            <div>
              <label htmlFor="tz">{bi('setup.timeZone')}</label>
              <input id="tz" value={draft.timeZone} maxLength={64} onChange={(e) => set({ timeZone: e.target.value.trim() })} />
            </div>
            <div>
              <label htmlFor="walkins">{bi('setup.walkIns')}</label>
              <select id="walkins" value={draft.walkInValidity} onChange={(e) => set({ walkInValidity: e.target.value as Draft['walkInValidity'] })}>
                <option value="today">{t('setup.walkIns.today')}</option>
                <option value="rest_of_fair">{t('setup.walkIns.rest_of_fair')}</option>
              </select>
            </div>
          </div>

          <label>{bi('setup.days')} · {bi('setup.hours')}</label>
          <ul className="setup-days" data-testid="setup-days">
            {draft.days.map((d) => {
              const h = draft.hours[d];
              const setHours = (patch: { open?: string; close?: string }) => set({ hours: { ...draft.hours, [d]: { open: h?.open ?? '09:00', close: h?.close ?? '18:00', ...patch } } });
              return (
                <li key={d}>
                  <b>{d}</b>
                  <input type="time" aria-label={`open-${d}`} value={h?.open ?? ''} onChange={(e) => setHours({ open: e.target.value })} />
                  <span>–</span>
                  <input type="time" aria-label={`close-${d}`} value={h?.close ?? ''} onChange={(e) => setHours({ close: e.target.value })} />
                  <button type="button" onClick={() => set({ days: draft.days.filter((x) => x !== d), hours: Object.fromEntries(Object.entries(draft.hours).filter(([x]) => x !== d)) })}>
                    {t('setup.remove')}
                  </button>
                </li>
              );
            })}
          </ul>
          <div className="pair">
            <input type="date" aria-label="new-day" value={newDay} onChange={(e) => setNewDay(e.target.value)} />
            <button
              type="button"
              data-testid="add-day"
              disabled={!/^\d{4}-\d{2}-\d{2}$/.test(newDay) || draft.days.includes(newDay)}
              // Days stay sorted: the order of entry does not matter to the organiser.
              onClick={() => {
                set({ days: [...draft.days, newDay].sort() });
                setNewDay('');
              }}
            >
              {t('setup.day.add')}
            </button>
          </div>
        </section>

        <section className="panel">
          <label>{bi('setup.halls')}</label>
          <table className="setup-table">
            <thead>
              <tr>
                <th>{t('setup.hall.id')}</th>
                <th>{t('setup.ko')}</th>
                <th>{t('setup.en')}</th>
                <th />
              </tr>
            </thead>
            <tbody data-testid="setup-halls">
              {draft.halls.map((h, i) => (
                <tr key={i}>
                  <td>
                    <input aria-label={`hall-id-${i}`} value={h.id} maxLength={32} size={6} onChange={(e) => setHall(i, { id: e.target.value.toLowerCase() })} />
                  </td>
                  <td>
                    <input aria-label={`hall-ko-${i}`} value={h.ko} maxLength={200} onChange={(e) => setHall(i, { ko: e.target.value })} />
                  </td>
                  <td>
                    <input aria-label={`hall-en-${i}`} value={h.en} maxLength={200} onChange={(e) => setHall(i, { en: e.target.value })} />
                  </td>
                  <td>
                    <button type="button" onClick={() => set({ halls: draft.halls.filter((_, j) => j !== i) })}>
                      {t('setup.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" data-testid="add-hall" onClick={() => set({ halls: [...draft.halls, { id: '', ko: '', en: '' }] })}>
            {t('setup.hall.add')}
          </button>

          <label>{bi('setup.categories')}</label>
          <table className="setup-table" data-testid="setup-categories">
            <tbody>
              {draft.categories.map((c, i) => (
                <tr key={c.id} data-testid={`category-row-${c.id}`}>
                  <td>
                    <input type="color" aria-label={`band-${c.id}`} value={c.band} onChange={(e) => setCat(i, { band: e.target.value })} />
                  </td>
                  <td>
                    <input aria-label={`category-ko-${c.id}`} value={c.ko} maxLength={200} onChange={(e) => setCat(i, { ko: e.target.value })} />
                  </td>
                  <td>
                    <input aria-label={`category-en-${c.id}`} value={c.en} maxLength={200} onChange={(e) => setCat(i, { en: e.target.value })} />
                  </td>
                  <td>
                    <select aria-label={`validity-${c.id}`} value={c.validity} onChange={(e) => setCat(i, { validity: e.target.value as typeof c.validity })}>
                      <option value="registered_days">{t('setup.validity.registered_days')}</option>
                      <option value="every_day">{t('setup.validity.every_day')}</option>
                    </select>
                  </td>
                  <td>
                    <button type="button" aria-label={`remove-category-${c.id}`} onClick={() => set({ categories: draft.categories.filter((_, j) => j !== i) })}>
                      {t('setup.remove')}
                    </button>
                  </td>
                </tr>
              ))}
              <tr className="setup-new-category">
                <td>
                  <input type="color" aria-label="new-category-band" value={newCat.band} onChange={(e) => setNewCat({ ...newCat, band: e.target.value })} />
                </td>
                <td>
                  <input aria-label="new-category-ko" placeholder={t('setup.category.ko')} value={newCat.ko} maxLength={200} onChange={(e) => setNewCat({ ...newCat, ko: e.target.value })} />
                </td>
                <td>
                  <input aria-label="new-category-en" placeholder={t('setup.category.en')} value={newCat.en} maxLength={200} onChange={(e) => setNewCat({ ...newCat, en: e.target.value })} />
                </td>
                <td>
                  <select aria-label="new-category-validity" value={newCat.validity} onChange={(e) => setNewCat({ ...newCat, validity: e.target.value as CategorySetup['validity'] })}>
                    <option value="registered_days">{t('setup.validity.registered_days')}</option>
                    <option value="every_day">{t('setup.validity.every_day')}</option>
                  </select>
                </td>
                <td>
                  <input aria-label="new-category-id" placeholder={t('setup.category.id')} value={newCat.id} maxLength={32} size={10} onChange={(e) => setNewCat({ ...newCat, id: e.target.value.toLowerCase().replace(/\s+/g, '_') })} />
                </td>
              </tr>
            </tbody>
          </table>
          <button
            type="button"
            data-testid="add-category"
            disabled={!newCatOk}
            onClick={() => {
              set({ categories: [...draft.categories, { ...newCat, ko: newCat.ko.trim(), en: newCat.en.trim() }] });
              setNewCat(NEW_CATEGORY);
            }}
          >
            {t('setup.category.add')} <span className="sub">{t('setup.category.idHint')}</span>
          </button>
        </section>
      </div>

      {/* Sticky at the bottom: what the change does and why it cannot be saved stay in view at 1366×768. */}
      <footer className="setup-footer">
        {checked && <PreviewPanel p={checked} labelOf={(id) => draft.categories.find((c) => c.id === id)} />}
        <div className="setup-actions">
          <button type="button" data-testid="setup-preview" disabled={busy} onClick={check}>
            {t('setup.preview')}
          </button>
          <button type="button" className="primary" data-testid="setup-save" disabled={busy || !checked || checked.problems.length > 0} onClick={save}>
            {t('setup.save')}
          </button>
          {preview && !checked && <span className="sub">{t('setup.stale')}</span>}
          {note && (
            <span role="status" className={note.kind === 'ok' ? 'ok' : 'bad'} data-testid="setup-note">
              {note.text} {note.sub && <span className="sub">{note.sub}</span>}
            </span>
          )}
        </div>
      </footer>
    </main>
  );
}

function PreviewPanel({ p, labelOf }: { p: EventPreview; labelOf: (id: string) => { ko: string; en: string } | undefined }) {
  const { t, other, lang } = useI18n();
  const lines: [string, string][] = [];
  const add = (k: Parameters<typeof t>[0], params: Record<string, string | number>, otherParams = params) => lines.push([t(k, params), other(k, otherParams)]);
  if (p.addedDays.length) add('setup.preview.addedDays', { days: p.addedDays.join(', ') });
  if (p.removedDays.length) add('setup.preview.removedDays', { days: p.removedDays.join(', ') });
  if (p.visitorsOutside) add('setup.preview.visitors', { n: p.visitorsOutside });
  if (p.programmeOutside) add('setup.preview.programme', { n: p.programmeOutside });
  if (p.removedHalls.length) add('setup.preview.removedHalls', { halls: p.removedHalls.join(', ') });
  if (p.rallyPointsOnRemovedHalls.length) add('setup.preview.points', { points: p.rallyPointsOnRemovedHalls.map((x) => x.ko).join(', ') });
  if (p.timeZoneChanged) add('setup.preview.timeZone', {});
  if (p.addedCategories.length) {
    const names = (lang: 'ko' | 'en') => p.addedCategories.map((id) => `${labelOf(id)?.[lang] ?? id} (${id})`).join(', ');
    add('setup.preview.addedCategories', { ids: names(lang) }, { ids: names(lang === 'ko' ? 'en' : 'ko') });
  }
  for (const c of p.removedCategories) add('setup.preview.removedCategory', { ko: c.ko, en: c.en, n: c.visitors });
  return (
    <section className="panel setup-preview" data-testid="setup-preview-panel">
      <h3>
        {t('setup.preview.title')} <span className="sub">{other('setup.preview.title')}</span>
      </h3>
      {lines.length === 0 && (
        <p>
          {t('setup.preview.none')} <span className="sub">{other('setup.preview.none')}</span>
        </p>
      )}
      <ul>
        {lines.map(([a, b], i) => (
          <li key={i}>
            {a} <span className="sub">{b}</span>
          </li>
        ))}
      </ul>
      {p.problems.length > 0 && (
        <div className="setup-problems" role="alert" data-testid="setup-problems">
          <b>
            {t('setup.preview.problems')} <span className="sub">{other('setup.preview.problems')}</span>
          </b>
          <ul>
            {p.problems.map((x, i) => (
              <li key={i}>
                {x.ko}
                <br />
                <span className="sub">{x.en}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
