import { useEffect, useState } from 'react';
import { BADGE_FIELDS, BADGE_FONT_LIMITS, MAX_LOGO_UPLOAD_BASE64, type BadgeDesign, type BadgeFontKey, type Category } from '@contract/index';
import { call } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { categoryBand } from '../setup/event-categories';
import type { MessageKey } from '../i18n/ko';

type Saved = { savedAt: string | null; savedBy: string | null };

/** The designer's draft and where it stands against the saved design. */
export function useBadgeDesign() {
  const [draft, setDraft] = useState<BadgeDesign | null>(null);
  const [saved, setSaved] = useState<{ design: BadgeDesign } & Saved>();
  useEffect(() => {
    void call('printing.design.get', {}).then((r) => {
      if (!r.ok) return;
      setSaved(r.value);
      setDraft(r.value.design);
    });
  }, []);
  const dirty = !!draft && !!saved && JSON.stringify(draft) !== JSON.stringify(saved.design);
  return { draft, setDraft, saved, setSaved, dirty };
}

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/**
 * The organiser's badge designer (admin): header, logo, font sizes within thermal-safe
 * limits, and per category the lines under the name and the band colour. Edits are a
 * draft previewed live by the station's own raster renderer; Save makes every badge
 * printed from then on use it.
 */
export function BadgeDesigner({ category, state }: { category: Category; state: ReturnType<typeof useBadgeDesign> }) {
  const { t, other, errorText, time } = useI18n();
  const { draft, setDraft, saved, setSaved, dirty } = state;
  const [logoMsg, setLogoMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!draft) return null;

  const bi = (k: MessageKey) => (
    <>
      {t(k)} <span className="sub">{other(k)}</span>
    </>
  );
  // A category added after the design was saved starts from the plain lines.
  const cat: BadgeDesign['categories'][string] = draft.categories[category] ?? { fields: ['organisation'] };
  const setCat = (next: Partial<typeof cat>) => setDraft({ ...draft, categories: { ...draft.categories, [category]: { ...cat, ...next } } });
  const setFont = (k: BadgeFontKey, v: number) => setDraft({ ...draft, fonts: { ...draft.fonts, [k]: v } });

  const pickLogo = async (file: File | undefined) => {
    if (!file) return;
    const data = await base64Of(file);
    if (data.length > MAX_LOGO_UPLOAD_BASE64) return setLogoMsg({ ok: false, text: `${t('bd.logo.big')} · ${other('bd.logo.big')}` });
    const r = await call('printing.design.logo', { dataBase64: data });
    if (!r.ok) return setLogoMsg({ ok: false, text: errorText(r.error) });
    const v = r.value;
    if (v.status === 'ok') {
      setDraft({ ...draft, logoPng: v.logoPng });
      setLogoMsg({ ok: true, text: `${t('bd.logo.ok', { w: v.width, h: v.height })} · ${other('bd.logo.ok', { w: v.width, h: v.height })}` });
    } else setLogoMsg({ ok: false, text: `${t(`bd.logo.${v.status}`)} · ${other(`bd.logo.${v.status}`)}` });
  };

  const save = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const r = await call('printing.design.save', { design: draft });
      if (!r.ok) return setMsg({ ok: false, text: errorText(r.error) });
      const fresh = await call('printing.design.get', {});
      if (fresh.ok) {
        setSaved(fresh.value);
        setDraft(fresh.value.design);
      }
      setMsg({ ok: true, text: `${t('bd.savedNow')} · ${other('bd.savedNow')}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="badge-designer" data-testid="bd">
      <label htmlFor="bd-header">
        {bi('bd.header')} <span className="sub">({t('bd.header.hint')})</span>
      </label>
      <input id="bd-header" data-testid="bd-header" maxLength={60} value={draft.headerText ?? ''} onChange={(e) => setDraft({ ...draft, headerText: e.target.value || null })} />

      <label htmlFor="bd-logo">{bi('bd.logo')}</label>
      <div className="row">
        <input id="bd-logo" data-testid="bd-logo" type="file" accept="image/png,image/jpeg" onChange={(e) => void pickLogo(e.target.files?.[0])} />
        {draft.logoPng && (
          <button type="button" data-testid="bd-logo-remove" style={{ flex: '0 0 auto' }} onClick={() => (setDraft({ ...draft, logoPng: null }), setLogoMsg(null))}>
            {t('bd.logo.remove')}
          </button>
        )}
      </div>
      {logoMsg && (
        <div className={logoMsg.ok ? 'hint' : 'form-error'} data-testid="bd-logo-msg" role={logoMsg.ok ? 'status' : 'alert'}>
          {logoMsg.text}
        </div>
      )}

      <fieldset className="bd-fonts">
        <legend>{bi('bd.fonts')}</legend>
        {(Object.keys(BADGE_FONT_LIMITS) as BadgeFontKey[]).map((k) => {
          const [min, max] = BADGE_FONT_LIMITS[k];
          return (
            <label key={k} className="bd-font">
              <span>{t(`bd.font.${k}`)}</span>
              <input type="range" data-testid={`bd-font-${k}`} min={min} max={max} step={2} value={draft.fonts[k]} onChange={(e) => setFont(k, Number(e.target.value))} />
              <b className="num">{draft.fonts[k]}</b>
            </label>
          );
        })}
      </fieldset>

      <fieldset className="bd-fields">
        <legend>{bi('bd.fields')}</legend>
        {BADGE_FIELDS.map((f) => (
          <label key={f} className="bd-check">
            <input
              type="checkbox"
              data-testid={`bd-field-${f}`}
              checked={cat.fields.includes(f)}
              onChange={(e) => setCat({ fields: e.target.checked ? BADGE_FIELDS.filter((x) => x === f || cat.fields.includes(x)) : cat.fields.filter((x) => x !== f) })}
            />
            {t(`bd.field.${f}`)} <span className="sub">{other(`bd.field.${f}`)}</span>
          </label>
        ))}
        {/* The colour is the event's (one source): shown here, changed on the event setup screen. */}
        <div data-testid="bd-colour" style={{ display: 'flex', gap: 12, alignItems: 'center', marginTop: 8 }}>
          <span className="sw" style={{ flex: 'none', width: 32, height: 32, borderRadius: 6, background: categoryBand(category), border: '1px solid #0003' }} aria-hidden />
          <span>
            <b>{t('bd.colour')}</b> <span className="sub">{other('bd.colour')}</span>
            <br />
            <span className="sub">
              {t('bd.colour.where')} · {other('bd.colour.where')}
            </span>
          </span>
        </div>
      </fieldset>

      <div className="row bd-save">
        <button className="primary" data-testid="bd-save" disabled={!dirty || busy} onClick={() => void save()}>
          {t('bd.save')} <span className="sub">{other('bd.save')}</span>
        </button>
        <span className={dirty ? 'bd-dirty' : 'sub'} data-testid="bd-state">
          {dirty ? `${t('bd.dirty')} · ${other('bd.dirty')}` : saved?.savedAt ? t('bd.saved', { time: time(saved.savedAt), by: saved.savedBy ?? '' }) : t('bd.notSaved')}
        </span>
      </div>
      {msg && (
        <div className={msg.ok ? 'hint' : 'form-error'} data-testid="bd-msg" role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </div>
      )}
    </div>
  );
}
