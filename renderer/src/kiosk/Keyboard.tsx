/**
 * The kiosk's on-screen keyboard: 두벌식 Hangul (composed by hangul-compose.ts), Latin,
 * and a numeric pad. Keys never take focus (pointer-down is swallowed), so the hidden
 * scanner field keeps listening and no OS keyboard pops up.
 */
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { backspace, empty, keyToJamo, text, typeChar, typeJamo, type ComposeState } from './hangul-compose';

/** hangul: 두벌식 with a Latin toggle (names, organisations); code: registration numbers; initial: one 초성 or letter. */
export type KeyboardLayout = 'hangul' | 'code' | 'numeric' | 'initial';

const LATIN_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const CODE_ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL-', 'ZXCVBNM'];
const INITIALS_KO = ['ㄱㄴㄷㄹㅁㅂㅅ', 'ㅇㅈㅊㅋㅌㅍㅎ', 'ㄲㄸㅃㅆㅉ'];
const INITIALS_EN = ['ABCDEFGHI', 'JKLMNOPQR', 'STUVWXYZ'];
const NUM_ROWS = ['123', '456', '789'];

const noFocus = (e: React.PointerEvent | React.MouseEvent) => e.preventDefault();

function Key({ label, onPress, wide, className, testKey }: { label: string; onPress: () => void; wide?: number; className?: string; testKey?: string }) {
  return (
    <button
      type="button"
      className={`kkey ${className ?? ''}`}
      style={wide ? { flexGrow: wide } : undefined}
      data-key={testKey ?? label}
      onPointerDown={noFocus}
      onMouseDown={noFocus}
      onClick={onPress}
    >
      {label}
    </button>
  );
}

export function Keyboard({
  layout,
  value,
  onChange,
  maxLength = 100,
  intl = false,
}: {
  layout: KeyboardLayout;
  value: ComposeState;
  onChange: (s: ComposeState) => void;
  maxLength?: number;
  /** Numeric pad: also "+" and a space, for a number with its country code ("+90 532 …"). */
  intl?: boolean;
}) {
  const { t, lang } = useI18n();
  const [shift, setShift] = useState(false);
  // Names, organisations and initials start in Hangul for a Korean visitor, in Latin otherwise.
  const [latin, setLatin] = useState(lang === 'en');
  const full = text(value).length >= maxLength;
  const put = (next: ComposeState) => onChange(text(next).length > maxLength ? value : next);
  const bs = <Key label={`⌫ ${t('kiosk.key.backspace')}`} testKey="backspace" className="kkey-fn" wide={layout === 'numeric' ? undefined : 2} onPress={() => onChange(backspace(value))} />;

  if (layout === 'numeric') {
    return (
      <div className="kboard numeric" data-testid="keyboard">
        {NUM_ROWS.map((r) => (
          <div className="krow" key={r}>
            {[...r].map((d) => (
              <Key key={d} label={d} onPress={() => !full && put(typeChar(value, d))} />
            ))}
          </div>
        ))}
        <div className="krow">
          <Key label={t('kiosk.key.clear')} testKey="clear" className="kkey-fn" onPress={() => onChange(empty())} />
          <Key label="0" onPress={() => !full && put(typeChar(value, '0'))} />
          {bs}
        </div>
        {intl && (
          <div className="krow">
            {/* "+" only at the start: it is the country code's sign, nothing else. */}
            <Key label="+" testKey="plus" onPress={() => !full && !text(value) && put(typeChar(value, '+'))} />
            <Key label={t('kiosk.key.space')} testKey="space" onPress={() => !full && text(value) && !text(value).endsWith(' ') && put(typeChar(value, ' '))} />
          </div>
        )}
      </div>
    );
  }

  if (layout === 'initial' || layout === 'code') {
    const rows = layout === 'code' ? CODE_ROWS : latin ? INITIALS_EN : INITIALS_KO;
    // An initial is one character: each press replaces it.
    const press = (ch: string) => (layout === 'initial' ? onChange(empty(ch)) : !full && put(typeChar(value, ch)));
    return (
      <div className="kboard" data-testid="keyboard">
        {rows.map((r) => (
          <div className="krow" key={r}>
            {[...r].map((ch) => (
              <Key key={ch} label={ch} onPress={() => press(ch)} />
            ))}
          </div>
        ))}
        <div className="krow">
          {/* A Korean visitor may be registered under a Latin name, and the other way round. */}
          {layout === 'initial' && (
            <Key label={latin ? t('kiosk.key.toHangul') : t('kiosk.key.toLatin')} testKey="toggle-script" className="kkey-fn" wide={2} onPress={() => setLatin((l) => !l)} />
          )}
          {bs}
        </div>
      </div>
    );
  }

  const rows = LATIN_ROWS.map((r) => [...r].map((k) => (latin ? (shift ? k.toUpperCase() : k) : (keyToJamo(k, shift) ?? k))));
  const press = (ch: string) => {
    if (full) return;
    put(latin ? typeChar(value, ch) : typeJamo(value, ch));
    if (shift) setShift(false);
  };
  return (
    <div className="kboard" data-testid="keyboard">
      {rows.map((r, i) => (
        <div className="krow" key={i}>
          {i === 2 && <Key label={`⇧ ${t('kiosk.key.shift')}`} testKey="shift" className={`kkey-fn ${shift ? 'on' : ''}`} wide={1.5} onPress={() => setShift((s) => !s)} />}
          {r.map((ch) => (
            <Key key={ch} label={ch} onPress={() => press(ch)} />
          ))}
          {i === 2 && bs}
        </div>
      ))}
      <div className="krow">
        <Key
          label={latin ? t('kiosk.key.toHangul') : t('kiosk.key.toLatin')}
          testKey="toggle-script"
          className="kkey-fn"
          wide={2}
          onPress={() => {
            setLatin((l) => !l);
            setShift(false);
          }}
        />
        <Key label="-" onPress={() => press('-')} />
        {/* Brackets for organisations written (주)한빛테크 or 대한안전산업(주). */}
        <Key label="(" onPress={() => press('(')} />
        <Key label={t('kiosk.key.space')} testKey="space" wide={4} onPress={() => !full && put(typeChar(value, ' '))} />
        <Key label=")" onPress={() => press(')')} />
        <Key label="." onPress={() => press('.')} />
      </div>
    </div>
  );
}
