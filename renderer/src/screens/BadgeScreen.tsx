import { useEffect, useRef, useState } from 'react';
import { BADGE_STOCKS, type BadgeStock, type Category, type OutputOf } from '@contract/index';
import { eventCategories } from '../setup/event-categories';
import { call } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { useStation } from '../station-context';
import { BadgeDesigner, useBadgeDesign } from './BadgeDesigner';
import './printers.css';

type Preview = OutputOf<'printing.badge.preview'>;
type Templates = OutputOf<'printing.templates'>;

/**
 * Badge design: pick a category and stock (or a real registration number) and see the
 * very raster the thermal printer will get — rendered by the station, not by the
 * browser — next to the category colours used on screens and paper badges.
 */
export function BadgeScreen() {
  const { t, other, categoryText, errorText } = useI18n();
  const [category, setCategory] = useState<Category>('visitor');
  const [stock, setStock] = useState<BadgeStock>('roll80');
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [shownCode, setShownCode] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  // True from an edit until its own preview is shown (older answers are dropped): tests and staff know the image is current.
  const [pending, setPending] = useState(true);
  const [templates, setTemplates] = useState<Templates | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  // The organiser designs; a desk sees the saved design's preview only.
  const admin = useStation().station.role === 'admin';
  const design = useBadgeDesign();
  const draft = admin ? design.draft : null;

  useEffect(() => {
    void call('printing.templates', {}).then((r) => r.ok && setTemplates(r.value));
  }, []);
  useEffect(() => {
    const mine = ++seq.current;
    setPending(true);
    const h = setTimeout(async () => {
      const sample = name.trim() ? { sampleName: name.trim() } : {};
      const r = shownCode
        ? await call('printing.badge.preview', { code: shownCode, stock })
        : draft
          ? await call('printing.design.preview', { design: draft, category, stock, ...sample })
          : await call('printing.badge.preview', { category, stock, ...sample });
      if (mine !== seq.current) return; // an older answer arriving late
      setPending(false);
      if (r.ok) {
        setPreview(r.value);
        setError(null);
      } else setError(errorText(r.error));
    }, 120);
    return () => clearTimeout(h);
  }, [category, stock, name, shownCode, errorText, draft]);

  const bi = (k: MessageKey) => (
    <>
      {t(k)} <span className="sub">{other(k)}</span>
    </>
  );

  return (
    <main className="screen badge-screen">
      <section className="panel">
        <h2>{bi('print.preview.title')}</h2>
        <label htmlFor="bp-category">{bi('print.preview.category')}</label>
        <select id="bp-category" data-testid="bp-category" value={category} onChange={(e) => (setCategory(e.target.value as Category), setShownCode(null))}>
          {eventCategories().map(({ id: c }) => (
            <option key={c} value={c}>
              {categoryText(c)}
            </option>
          ))}
        </select>
        <label htmlFor="bp-stock">{bi('print.preview.stock')}</label>
        <select id="bp-stock" data-testid="bp-stock" value={stock} onChange={(e) => setStock(e.target.value as BadgeStock)}>
          {BADGE_STOCKS.map((s) => (
            <option key={s} value={s}>
              {t(`print.stock.${s}`)}
            </option>
          ))}
        </select>
        <label htmlFor="bp-name">{bi('print.preview.name')}</label>
        <input id="bp-name" data-testid="bp-name" maxLength={200} value={name} onChange={(e) => (setName(e.target.value), setShownCode(null))} />
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setShownCode(code.trim() || null);
          }}
        >
          <label htmlFor="bp-code">{bi('print.preview.code')}</label>
          <div className="row">
            <input id="bp-code" data-testid="bp-code" maxLength={200} value={code} onChange={(e) => setCode(e.target.value)} />
            <button type="submit" style={{ flex: '0 0 auto' }}>
              {t('print.log.search')}
            </button>
          </div>
        </form>
        {error && <div className="form-error">{error}</div>}
        {admin && (
          <>
            <h3 style={{ marginTop: 20 }}>{bi('bd.title')}</h3>
            <BadgeDesigner category={category} state={design} />
          </>
        )}
        {templates && (
          <>
            <h3 style={{ marginTop: 20 }}>{bi('print.preview.legend')}</h3>
            <ul className="badge-legend">
              {templates.categories.map((c) => (
                <li key={c.category} data-testid={`legend-${c.category}`}>
                  <span className="sw" style={{ background: c.band === 'outline' ? '#fff' : c.colour, borderColor: c.colour }} />
                  {c.labelKo} <span className="sub">{c.labelEn}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="badge-preview" data-testid="bp-preview" aria-busy={pending}>
        {preview && <img data-testid="bp-image" src={preview.dataUrl} width={preview.width / 1.5} alt={t('print.preview.title')} />}
      </section>
      <p className="sub" style={{ gridColumn: '1 / -1' }}>
        {t('print.preview.note')}
        {admin && ` · ${t('bd.previewNote')}`}
      </p>
    </main>
  );
}
