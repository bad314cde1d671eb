import { useCallback, useEffect, useState } from 'react';
import type { AppError, RallyGift, RallyReport, RallySetup, StationInfo } from '@contract/index';
import { call } from '../api/client';
import { usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { GiftRuleBuilder } from './GiftRuleBuilder';
import { useLabels, useRallyConfig } from './rally-common';

/**
 * A gift row being edited carries a key of its own: the id is an editable field, so
 * nothing (React rows, the saved stock scope) may be keyed by it — a rename once
 * emptied the gift's rule that way.
 */
type DraftGift = RallyGift & { rowKey: string };
type Draft = Omit<RallySetup, 'gifts'> & { gifts: DraftGift[] };

let nextRow = 0;
const rowKey = () => `gift-row-${++nextRow}`;
const toDraft = (s: RallySetup): Draft => ({ ...s, gifts: s.gifts.map((g) => ({ ...g, rowKey: rowKey() })) });

/**
 * The console's rally setup: points, gifts (stock, per-visitor limit, rule built from
 * the points), quiz questions in Korean and English, settings, which stamp station
 * serves which point — and the figures with CSV export.
 */
export function RallySetupScreen() {
  const { t, errorText } = useI18n();
  const { bi } = useLabels();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // Each gift's saved stock scope: changing it is explained before it is saved.
  const [savedScope, setSavedScope] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    const r = await call('rally.setup.get', {});
    if (r.ok) {
      const d = toDraft(r.value);
      setDraft(d);
      setSavedScope(Object.fromEntries(d.gifts.map((g) => [g.rowKey, g.stockScope])));
    }
    else setMsg({ ok: false, text: errorText(r.error) });
  }, [errorText]);
  useEffect(() => {
    void load();
  }, [load]);

  function setupError(e: AppError): string {
    const d = e.details as { reason?: string; id?: string } | undefined;
    if (d?.reason) return t(`rally.setup.error.${d.reason}` as MessageKey, { id: d.id ?? '' });
    return errorText(e);
  }

  async function save() {
    if (!draft || busy) return;
    // An "any N of" group with no point ticked says nothing: left out rather than refused.
    const gifts = draft.gifts.map(({ rowKey: _k, ...g }) => ({ ...g, rule: { ...g.rule, anyOf: g.rule.anyOf.filter((a) => a.of.length > 0) } }));
    setBusy(true);
    try {
      const r = await call('rally.setup.save', { ...draft, gifts });
      if (r.ok) {
        setMsg({ ok: true, text: t('rally.setup.saved') });
        await load();
      } else setMsg({ ok: false, text: setupError(r.error) });
    } finally {
      setBusy(false);
    }
  }

  if (!draft) return <main className="screen">{msg ? <div className="form-error">{msg.text}</div> : '…'}</main>;
  const patch = (p: Partial<Draft>) => setDraft({ ...draft, ...p });

  return (
    <main className="screen rally-setup" data-testid="rally-setup">
      <div className="rally-setup-bar">
        <button className="primary" onClick={() => void save()} disabled={busy} data-testid="setup-save">
          {t('rally.setup.save')}
        </button>
        {msg && (
          <span className={msg.ok ? 'rally-saved' : 'form-error'} data-testid="setup-msg">
            {msg.text}
          </span>
        )}
      </div>

      <RallyReportPanel />
      <StationAssignments />

      <section className="panel">
        <h2>{bi('rally.setup.points')}</h2>
        <table className="grid">
          <thead>
            <tr>
              <th>{t('rally.setup.id')}</th>
              <th>{t('rally.setup.labelKo')}</th>
              <th>{t('rally.setup.labelEn')}</th>
              <th>{t('rally.setup.kind')}</th>
              <th>{t('rally.setup.open')}</th>
            </tr>
          </thead>
          <tbody>
            {draft.points.map((p, i) => {
              const set = (x: Partial<typeof p>) => patch({ points: draft.points.map((q, j) => (j === i ? { ...q, ...x } : q)) });
              return (
                <tr key={i}>
                  <td>
                    <input value={p.id} maxLength={40} onChange={(e) => set({ id: e.target.value.toLowerCase() })} />
                  </td>
                  <td>
                    <input value={p.labelKo} maxLength={200} onChange={(e) => set({ labelKo: e.target.value })} />
                  </td>
                  <td>
                    <input value={p.labelEn} maxLength={200} onChange={(e) => set({ labelEn: e.target.value })} />
                  </td>
                  <td>
                    <select value={p.kind} onChange={(e) => set({ kind: e.target.value as typeof p.kind })}>
                      {(['hall', 'quiz', 'booth'] as const).map((k) => (
                        <option key={k} value={k}>
                          {t(`rally.setup.kind.${k}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="check">
                    <input type="checkbox" checked={p.open} onChange={(e) => set({ open: e.target.checked })} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button onClick={() => patch({ points: [...draft.points, { id: `booth${draft.points.length + 1}`, labelKo: '', labelEn: '', kind: 'booth', open: true, sort: draft.points.length + 1 }] })}>
          {t('rally.setup.addPoint')}
        </button>
      </section>

      <section className="panel">
        <h2>{bi('rally.setup.gifts')}</h2>
        {draft.gifts.map((g) => {
          const set = (x: Partial<typeof g>) => patch({ gifts: draft.gifts.map((q) => (q.rowKey === g.rowKey ? { ...q, ...x } : q)) });
          return (
            <div className="rally-gift-edit" key={g.rowKey} data-gift={g.id} data-row={g.rowKey}>
              <div className="row">
                <div>
                  <label>{t('rally.setup.id')}</label>
                  <input value={g.id} maxLength={40} onChange={(e) => set({ id: e.target.value.toLowerCase() })} data-testid="gift-id" />
                </div>
                <div>
                  <label>{t('rally.setup.labelKo')}</label>
                  <input value={g.labelKo} maxLength={200} onChange={(e) => set({ labelKo: e.target.value })} />
                </div>
                <div>
                  <label>{t('rally.setup.labelEn')}</label>
                  <input value={g.labelEn} maxLength={200} onChange={(e) => set({ labelEn: e.target.value })} />
                </div>
              </div>
              <div className="row">
                <div>
                  <label>{t('rally.setup.stock')}</label>
                  <input type="number" min={0} value={g.stock} onChange={(e) => set({ stock: Math.max(0, Math.floor(Number(e.target.value) || 0)) })} data-testid={`stock-${g.id}`} />
                </div>
                <div>
                  <label>{t('rally.setup.stockScope')}</label>
                  <select value={g.stockScope} onChange={(e) => set({ stockScope: e.target.value as typeof g.stockScope })}>
                    <option value="day">{t('rally.setup.stockScope.day')}</option>
                    <option value="event">{t('rally.setup.stockScope.event')}</option>
                  </select>
                  {savedScope[g.rowKey] && savedScope[g.rowKey] !== g.stockScope && (
                    <div className="sub" data-testid={`scope-note-${g.id}`}>
                      {t(g.stockScope === 'event' ? 'rally.setup.stockScope.toEvent' : 'rally.setup.stockScope.toDay')}
                    </div>
                  )}
                </div>
                <div>
                  <label>{t('rally.setup.perVisitor')}</label>
                  <select value={g.perVisitor} onChange={(e) => set({ perVisitor: e.target.value as typeof g.perVisitor })}>
                    <option value="event">{t('rally.setup.perVisitor.event')}</option>
                    <option value="day">{t('rally.setup.perVisitor.day')}</option>
                  </select>
                </div>
                <div className="check">
                  <label>
                    <input type="checkbox" checked={g.active} onChange={(e) => set({ active: e.target.checked })} /> {t('rally.setup.active')}
                  </label>
                </div>
              </div>
              <GiftRuleBuilder rule={g.rule} points={draft.points} onChange={(rule) => set({ rule })} />
            </div>
          );
        })}
        <button
          onClick={() => {
            const id = `gift${draft.gifts.length + 1}`;
            // A new gift starts with no condition and not "everyone": saving it asks for a rule.
            patch({
              gifts: [...draft.gifts, { rowKey: rowKey(), id, labelKo: '', labelEn: '', rule: { all: [], anyOf: [] }, stock: 0, stockScope: 'event', perVisitor: 'event', active: true, sort: draft.gifts.length + 1 }],
            });
          }}
        >
          {t('rally.setup.addGift')}
        </button>
      </section>

      <section className="panel">
        <h2>{bi('rally.setup.quiz')}</h2>
        {draft.quiz.map((q, i) => {
          const set = (x: Partial<typeof q>) => patch({ quiz: draft.quiz.map((y, j) => (j === i ? { ...y, ...x } : y)) });
          return (
            <div className="rally-q-edit" key={i}>
              <div className="row">
                <div>
                  <label>
                    {i + 1}. {t('rally.setup.questionKo')}
                  </label>
                  <input value={q.text.ko} maxLength={200} onChange={(e) => set({ text: { ...q.text, ko: e.target.value } })} />
                </div>
                <div>
                  <label>{t('rally.setup.questionEn')}</label>
                  <input value={q.text.en} maxLength={200} onChange={(e) => set({ text: { ...q.text, en: e.target.value } })} />
                </div>
              </div>
              {q.choices.map((c, ci) => (
                <div className="row rally-choice-edit" key={ci}>
                  <label className="check">
                    <input type="radio" name={`answer-${i}`} checked={q.answer === ci} onChange={() => set({ answer: ci })} /> {t('rally.setup.choice', { n: ci + 1 })}
                  </label>
                  <input value={c.ko} maxLength={200} onChange={(e) => set({ choices: q.choices.map((d, k) => (k === ci ? { ...d, ko: e.target.value } : d)) })} />
                  <input value={c.en} maxLength={200} onChange={(e) => set({ choices: q.choices.map((d, k) => (k === ci ? { ...d, en: e.target.value } : d)) })} />
                </div>
              ))}
              <button onClick={() => patch({ quiz: draft.quiz.filter((_, j) => j !== i) })}>{t('rally.setup.remove')}</button>
            </div>
          );
        })}
        <button
          onClick={() =>
            patch({
              quiz: [...draft.quiz, { id: `q${Date.now().toString(36)}`, text: { ko: '', en: '' }, choices: Array.from({ length: 4 }, () => ({ ko: '', en: '' })), answer: 0 }],
            })
          }
        >
          {t('rally.setup.addQuestion')}
        </button>
      </section>

      <section className="panel">
        <h2>{bi('rally.setup.settings')}</h2>
        <div className="row">
          <div>
            <label>{t('rally.setup.notCheckedIn')}</label>
            <select
              value={draft.settings.notCheckedIn}
              onChange={(e) => patch({ settings: { ...draft.settings, notCheckedIn: e.target.value as Draft['settings']['notCheckedIn'] } })}
            >
              <option value="send_to_desk">{t('rally.setup.notCheckedIn.send_to_desk')}</option>
              <option value="allow">{t('rally.setup.notCheckedIn.allow')}</option>
            </select>
          </div>
          {(['quizPass', 'quizAttemptsPerDay', 'undoMinutes', 'lowStockAt'] as const).map((k) => (
            <div key={k}>
              <label>{t(`rally.setup.${k}`)}</label>
              <input type="number" min={0} value={draft.settings[k]} onChange={(e) => patch({ settings: { ...draft.settings, [k]: Math.floor(Number(e.target.value) || 0) } })} />
            </div>
          ))}
        </div>
      </section>

    </main>
  );
}

function StationAssignments() {
  const { t, errorText } = useI18n();
  const { name, bi } = useLabels();
  const { cfg, reload } = useRallyConfig();
  const [stations, setStations] = useState<StationInfo[]>([]);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    void call('system.stations', {}).then((r) => r.ok && setStations(r.value.filter((s) => s.role === 'stamp')));
  }, []);
  if (!cfg) return null;
  return (
    <section className="panel">
      <h2>{bi('rally.setup.stations')}</h2>
      {stations.length === 0 && <p className="sub">{t('rally.setup.noStations')}</p>}
      <table className="grid">
        <tbody>
          {stations.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>
                <select
                  value={cfg.assignments.find((a) => a.stationId === s.id)?.pointId ?? ''}
                  onChange={async (e) => {
                    const r = await call('rally.station.assign', { stationId: s.id, pointId: e.target.value });
                    if (!r.ok) setErr(errorText(r.error));
                    await reload();
                  }}
                >
                  <option value="" disabled>
                    —
                  </option>
                  {cfg.points.map((p) => (
                    <option key={p.id} value={p.id}>
                      {name(p)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {err && <div className="form-error">{err}</div>}
    </section>
  );
}

/** Saves CSV text as a file in the browser (and in Electron's renderer, which is one). */
function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function RallyReportPanel() {
  const { t, errorText } = useI18n();
  const { name, bi } = useLabels();
  const { cfg } = useRallyConfig();
  const [rep, setRep] = useState<RallyReport | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await call('rally.report', {});
    if (r.ok) setRep(r.value);
    else setErr(errorText(r.error));
  }, [errorText]);
  useEffect(() => {
    void load();
  }, [load]);
  const [lowStock, setLowStock] = useState<Record<string, number>>({});
  usePushEvents((ev) => {
    if (ev.type === 'rally.redeemed' || ev.type === 'rally.undone') void load();
    if (ev.type === 'rally.stock.low') setLowStock((s) => ({ ...s, [ev.giftId]: ev.remaining }));
  });
  async function csv(table: 'stamps' | 'redemptions' | 'stock') {
    const r = await call('rally.report.csv', { table });
    if (r.ok) download(r.value.fileName, r.value.csv);
    else setErr(errorText(r.error));
  }
  if (!rep || !cfg) return err ? <div className="form-error">{err}</div> : null;
  const pointName = (id: string) => {
    const p = cfg.points.find((x) => x.id === id);
    return p ? name(p) : id;
  };
  const giftName = (id: string) => {
    const g = cfg.gifts.find((x) => x.id === id);
    return g ? name(g) : id;
  };
  const csvButton = (table: 'stamps' | 'redemptions' | 'stock') => (
    <button onClick={() => void csv(table)} data-testid={`csv-${table}`}>
      {t('rally.report.csv')}
    </button>
  );
  return (
    <section className="panel rally-report" data-testid="rally-report">
      <div className="rally-setup-bar">
        <h2>{bi('rally.setup.report')}</h2>
        <button onClick={() => void load()}>{t('rally.report.refresh')}</button>
      </div>
      {Object.entries(lowStock).map(([id, n]) => (
        <div key={id} className="banner info" data-testid="low-stock" role="alert">
          {t('rally.gift.lowStock', { gift: giftName(id), n })}
        </div>
      ))}
      <div className="rally-report-grid">
        <div>
          <h3>
            {t('rally.report.stock')} {csvButton('stock')}
          </h3>
          <table className="grid" data-testid="report-stock">
            <thead>
              <tr>
                <th>{t('rally.report.gift')}</th>
                <th>{t('rally.report.period')}</th>
                <th>{t('rally.setup.stock')}</th>
                <th>{t('rally.report.redeemed')}</th>
                <th>{t('rally.setup.remaining')}</th>
              </tr>
            </thead>
            <tbody>
              {rep.stock.map((s) => (
                <tr key={`${s.giftId}-${s.period}`} data-gift={s.giftId}>
                  <td>{giftName(s.giftId)}</td>
                  <td>{s.period === '*' ? t('rally.report.period.event') : s.period}</td>
                  <td className="num">{s.stock}</td>
                  <td className="num">{s.redeemed}</td>
                  <td className="num">{s.remaining}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>
            {t('rally.report.redemptions')} {csvButton('redemptions')}
          </h3>
          <table className="grid">
            <tbody>
              {rep.redemptionsByGiftDay.length === 0 && (
                <tr>
                  <td className="sub">{t('rally.report.empty')}</td>
                </tr>
              )}
              {rep.redemptionsByGiftDay.map((r) => (
                <tr key={`${r.giftId}-${r.day}`}>
                  <td>{giftName(r.giftId)}</td>
                  <td>{r.day}</td>
                  <td className="num">{r.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>
            {t('rally.report.stamps')} {csvButton('stamps')}
          </h3>
          <table className="grid" data-testid="report-stamps">
            <tbody>
              {rep.stampsByPointHour.length === 0 && (
                <tr>
                  <td className="sub">{t('rally.report.empty')}</td>
                </tr>
              )}
              {rep.stampsByPointHour.map((r) => (
                <tr key={`${r.pointId}-${r.hour}`}>
                  <td>{pointName(r.pointId)}</td>
                  <td>{r.hour}:00</td>
                  <td className="num">{r.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
