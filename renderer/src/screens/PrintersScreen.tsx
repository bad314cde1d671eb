import { useCallback, useEffect, useState } from 'react';
import { BADGE_STOCKS, PAPER_MM, type BadgeStock, type PrinterInput, type PrinterKind, type PrinterView, type PrintJobView, type StationPrinting } from '@contract/index';
import { call, nonce } from '../api/client';
import { useBusyGuard, usePushEvents } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { useStation } from '../station-context';
import './printers.css';

const EMPTY: PrinterInput = { name: '', kind: 'epson', interface: 'tcp://192.168.0.50:9100', paperMm: 80, stock: 'roll80', enabled: true };

/**
 * Printers: every badge printer with its live state and queue, add/edit, test print,
 * which station prints where (and whether check-in prints by itself), and the print log.
 * Admins manage printers; a desk sees them and sets its own printer.
 */
export function PrintersScreen() {
  const { t, other, errorText } = useI18n();
  const hello = useStation();
  const admin = hello.station.role === 'admin';
  const [printers, setPrinters] = useState<PrinterView[] | null>(null);
  const [stations, setStations] = useState<StationPrinting[]>([]);
  const [mine, setMine] = useState<StationPrinting | null>(null);
  const [form, setForm] = useState<PrinterInput | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const guard = useBusyGuard();

  const load = useCallback(async () => {
    const [p, m, s] = await Promise.all([call('printing.printers.list', {}), call('printing.station.get', {}), admin ? call('printing.stations.list', {}) : Promise.resolve(null)]);
    if (p.ok) setPrinters(p.value.printers);
    else setMsg({ ok: false, text: errorText(p.error) });
    if (m.ok) setMine(m.value);
    if (s?.ok) setStations(s.value.stations);
  }, [admin, errorText]);
  useEffect(() => {
    void load();
  }, [load]);
  usePushEvents((ev) => {
    if (ev.type === 'printing.printer' || ev.type === 'printing.job') void load();
  });

  const save = () =>
    guard(async () => {
      if (!form) return;
      const r = await call('printing.printers.save', form);
      if (!r.ok) return setMsg({ ok: false, text: errorText(r.error) });
      const v = r.value;
      if (v.status === 'saved') {
        setForm(null);
        setMsg({ ok: true, text: t('print.form.saved') });
        await load();
      } else if (v.status === 'paper_mismatch') setMsg({ ok: false, text: t('print.form.paperMismatch', { need: v.needMm, paper: v.paperMm }) });
      else setMsg({ ok: false, text: t('print.form.badInterface') });
    });

  // Setting a station's printer is idempotent (the last choice wins), so it needs no
  // busy guard; the choice shows at once and the reload confirms it.
  const assign = async (stationId: string | undefined, printerId: string | null, autoPrint: boolean) => {
    if (!stationId) setMine((m) => m && { ...m, printerId, autoPrint });
    else setStations((all) => all.map((s) => (s.stationId === stationId ? { ...s, printerId, autoPrint } : s)));
    const r = await call('printing.station.set', { ...(stationId ? { stationId } : {}), printerId, autoPrint });
    if (!r.ok) setMsg({ ok: false, text: errorText(r.error) });
    await load();
  };

  const testPrint = (printerId: string) =>
    guard(async () => {
      const r = await call('printing.testPage', { printerId, nonce: nonce() });
      setMsg(r.ok ? { ok: true, text: t('print.test.queued') } : { ok: false, text: errorText(r.error) });
    });

  const bi = (k: MessageKey) => (
    <>
      {t(k)} <span className="sub">{other(k)}</span>
    </>
  );
  const stateOf = (p: PrinterView) => {
    if (!p.enabled) return <span className="pstate off">{t('print.state.disabled')}</span>;
    if (p.online === null) return <span className="pstate unknown">{t('print.state.unknown')}</span>;
    return p.online ? (
      <span className="pstate ok">{t('print.state.online')}</span>
    ) : (
      <span className="pstate bad" title={p.reason ? t(`print.fail.${p.reason}` as MessageKey) : undefined}>
        {t('print.state.offline')}
        {p.reason ? <span className="sub"> · {t(`print.fail.${p.reason}` as MessageKey)}</span> : null}
      </span>
    );
  };
  const printerSelect = (value: string | null, onChange: (id: string | null) => void, testId: string) => (
    <select value={value ?? ''} data-testid={testId} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">{t('print.stations.none')}</option>
      {(printers ?? []).map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  );

  return (
    <main className="screen printers-screen">
      <h2>{bi('print.printers.title')}</h2>
      {msg && (
        <div className={`print-banner ${msg.ok ? 'ok' : 'bad'}`} role={msg.ok ? 'status' : 'alert'} data-testid="printers-msg">
          {msg.text}
        </div>
      )}

      {mine && (
        <section className="panel">
          <h3>{bi('print.mine.title')}</h3>
          <div className="row">
            <div>{printerSelect(mine.printerId, (id) => void assign(undefined, id, mine.autoPrint), 'my-printer')}</div>
            <label className="check">
              <input type="checkbox" data-testid="my-autoprint" checked={mine.autoPrint} onChange={(e) => void assign(undefined, mine.printerId, e.target.checked)} />
              {bi('print.stations.auto')}
            </label>
          </div>
        </section>
      )}

      <section className="panel">
        {printers && printers.length === 0 && <p>{t('print.printers.empty')}</p>}
        {printers && printers.length > 0 && (
          <table className="grid" data-testid="printers-table">
            <thead>
              <tr>
                <th>{bi('print.col.name')}</th>
                <th>{bi('print.col.address')}</th>
                <th>{bi('print.col.paper')}</th>
                <th>{bi('print.col.state')}</th>
                <th>{bi('print.col.queue')}</th>
                <th>{bi('print.col.stations')}</th>
                {admin && <th />}
              </tr>
            </thead>
            <tbody>
              {printers.map((p) => (
                <tr key={p.id} data-testid="printer-row">
                  <td>
                    <b>{p.name}</b> <span className="sub">{p.kind === 'star' ? 'Star' : 'ESC/POS'}</span>
                  </td>
                  <td className="mono">{p.interface}</td>
                  <td>
                    {p.paperMm} mm · {t(`print.stock.${p.stock}`)}
                  </td>
                  <td>{stateOf(p)}</td>
                  <td>{p.queued}</td>
                  <td>{p.stations.join(', ')}</td>
                  {admin && (
                    <td className="actions">
                      <button onClick={() => setForm({ id: p.id, name: p.name, kind: p.kind, interface: p.interface, paperMm: p.paperMm as PrinterInput['paperMm'], stock: p.stock, enabled: p.enabled })}>{t('print.edit')}</button>
                      <button onClick={() => void testPrint(p.id)} data-testid="printer-test">
                        {t('print.test')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {admin && !form && (
          <button className="primary add-printer" data-testid="printer-add" onClick={() => setForm({ ...EMPTY })}>
            + {t('print.form.add')}
          </button>
        )}
      </section>

      {admin && form && (
        <section className="panel printer-form" data-testid="printer-form">
          <h3>{bi(form.id ? 'print.form.edit' : 'print.form.add')}</h3>
          <div className="row">
            <div>
              <label htmlFor="pf-name">{bi('print.form.name')}</label>
              <input id="pf-name" data-testid="pf-name" maxLength={60} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            </div>
            <div>
              <label htmlFor="pf-address">{bi('print.form.address')}</label>
              <input id="pf-address" data-testid="pf-address" className="mono" maxLength={200} value={form.interface} onChange={(e) => setForm({ ...form, interface: e.target.value })} />
            </div>
          </div>
          <div className="row">
            <div>
              <label htmlFor="pf-kind">{bi('print.form.kind')}</label>
              <select id="pf-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as PrinterKind })}>
                <option value="epson">{t('print.form.kind.epson')}</option>
                <option value="star">{t('print.form.kind.star')}</option>
              </select>
            </div>
            <div>
              <label htmlFor="pf-paper">{bi('print.form.paper')}</label>
              <select id="pf-paper" data-testid="pf-paper" value={form.paperMm} onChange={(e) => setForm({ ...form, paperMm: Number(e.target.value) as PrinterInput['paperMm'] })}>
                {PAPER_MM.map((mm) => (
                  <option key={mm} value={mm}>
                    {mm} mm
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="pf-stock">{bi('print.form.stock')}</label>
              <select id="pf-stock" data-testid="pf-stock" value={form.stock} onChange={(e) => setForm({ ...form, stock: e.target.value as BadgeStock })}>
                {BADGE_STOCKS.map((s) => (
                  <option key={s} value={s}>
                    {t(`print.stock.${s}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <label className="check">
            <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} />
            {bi('print.form.enabled')}
          </label>
          <div className="form-actions">
            <button className="primary" data-testid="pf-save" disabled={!form.name.trim()} onClick={() => void save()}>
              {t('print.form.save')}
            </button>
            <button onClick={() => setForm(null)}>{t('print.form.cancel')}</button>
          </div>
        </section>
      )}

      {admin && stations.length > 0 && (
        <section className="panel">
          <h3>{bi('print.stations.title')}</h3>
          <table className="grid" data-testid="station-printers">
            <tbody>
              {stations.map((s) => (
                <tr key={s.stationId}>
                  <td>
                    <b>{s.stationName}</b> <span className="sub">{s.role}</span>
                  </td>
                  <td>{printerSelect(s.printerId, (id) => void assign(s.stationId, id, s.autoPrint), `station-printer-${s.stationId}`)}</td>
                  <td>
                    <label className="check">
                      <input type="checkbox" checked={s.autoPrint} onChange={(e) => void assign(s.stationId, s.printerId, e.target.checked)} />
                      {t('print.stations.auto')}
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <PrintLog />
    </main>
  );
}

/** A visitor's print log (or the latest prints): every badge, why, where, and what happened to it. */
function PrintLog() {
  const { t, other, time, errorText } = useI18n();
  const [code, setCode] = useState('');
  const [jobs, setJobs] = useState<PrintJobView[] | null>(null);
  const [forCode, setForCode] = useState<string | null>(null);
  const [late, setLate] = useState<string | null>(null);
  const guard = useBusyGuard();

  const look = useCallback(async (c: string | null) => {
    const r = await call('printing.log', c ? { code: c } : { limit: 20 });
    if (r.ok) {
      setJobs(r.value.jobs);
      setForCode(c);
    }
  }, []);
  useEffect(() => {
    void look(null);
  }, [look]);
  usePushEvents((ev) => {
    if (ev.type === 'printing.job' && (!forCode || ev.code === forCode)) void look(forCode);
  });

  // A queued badge nobody will collect (the visitor went to the desk) is taken out before the printer gets it.
  const cancel = (jobId: string) =>
    guard(async () => {
      const r = await call('printing.job.cancel', { jobId });
      setLate(!r.ok ? errorText(r.error) : r.value.status === 'printing' || r.value.status === 'printed' ? t('print.job.cancelLate') : null);
      await look(forCode);
    });

  const stateKey = (s: string) => `print.job.${s}` as MessageKey;
  const reasonText = (r: string | null) => (!r ? '' : ['lost', 'misprint', 'name_change', 'retry_after_failure'].includes(r) ? t(`print.reason.${r}` as MessageKey) : r);

  return (
    <section className="panel print-log">
      <h3>
        {t(forCode ? 'print.log.title' : 'print.log.recent')} <span className="sub">{other(forCode ? 'print.log.title' : 'print.log.recent')}</span>
      </h3>
      <form
        className="row log-search"
        onSubmit={(e) => {
          e.preventDefault();
          void look(code.trim() || null);
        }}
      >
        <input data-testid="log-code" placeholder={t('print.log.code')} maxLength={200} value={code} onChange={(e) => setCode(e.target.value)} />
        <button type="submit">{t('print.log.search')}</button>
      </form>
      {late && (
        <div className="print-banner bad" role="alert" data-testid="cancel-late">
          {late}
        </div>
      )}
      {jobs && jobs.length === 0 && <p>{t('print.log.empty')}</p>}
      {jobs && jobs.length > 0 && (
        <table className="grid" data-testid="print-log">
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id}>
                <td>{time(j.printedAt ?? j.createdAt)}</td>
                <td className={j.kind === 'test' ? '' : 'mono'}>
                  {j.kind === 'test' ? t('print.test') : j.code}
                  {j.kind === 'receipt' && <span className="sub"> · {t('print.kind.receipt')}</span>}
                </td>
                <td>
                  {/* A cancelled job did not fail: nobody wanted it any more. */}
                  <span className={`pstate ${j.state === 'printed' ? 'ok' : j.state === 'failed' && j.error !== 'cancelled' ? 'bad' : 'unknown'}`} data-testid="job-state">
                    {t(stateKey(j.error === 'cancelled' ? 'cancelled' : j.state))}
                  </span>
                  {j.error && j.state !== 'printed' ? <div className="sub">{t(`print.fail.${j.error}` as MessageKey)}</div> : null}
                  {j.state === 'queued' && (
                    <button className="job-cancel" data-testid="job-cancel" onClick={() => void cancel(j.id)}>
                      {t('print.job.cancel')} <span className="sub">{other('print.job.cancel')}</span>
                    </button>
                  )}
                </td>
                <td>{reasonText(j.reason)}</td>
                <td>
                  {j.stationName} → {j.printerName}
                </td>
                <td className="sub">{j.events.map((e) => `${time(e.at)} ${t(stateKey(e.state))}`).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
