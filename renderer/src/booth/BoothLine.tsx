import { useState } from 'react';
import type { AppError, BoardMeeting } from '@contract/index';
import { call, nonce } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';

/**
 * On a floor card: the meeting's interpreter and (video booths) the link as the booth PC
 * marked it, and a small form to change the interpreter — for this meeting, or for the
 * booth from now on. The floor card refreshes from the `floor.changed` the write sends.
 */
export function BoothLine({ m }: { m: BoardMeeting }) {
  const { t, other, errorText } = useI18n();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(m.interpreter ?? '');
  const [error, setError] = useState<AppError | null>(null);
  const guard = useBusyGuard();
  const save = (forMeeting: boolean) =>
    guard(async () => {
      const r = await call('booth.interpreter.set', { nonce: nonce(), booth: m.table, interpreter: name.trim(), ...(forMeeting ? { meetingId: m.id } : {}) });
      if (!r.ok) return setError(r.error);
      setError(null);
      setEditing(false);
    });
  if (!m.interpreter && !m.online) return null;
  return (
    <div className="fc-booth" data-testid="floor-booth-line">
      <span data-testid="floor-interpreter">
        {t('booth.interpreter')}: <b>{m.interpreter ?? t('booth.interpreter.none')}</b>
      </span>
      {m.connection && (
        <span className={`fc-conn conn-${m.connection}`} data-testid="floor-connection" data-connection={m.connection}>
          {t(`booth.conn.${m.connection}`)}
        </span>
      )}
      {m.online && !editing && (
        <button className="fc-link" onClick={() => setEditing(true)} data-testid="interpreter-edit">
          {t('booth.interpreter.edit')}
        </button>
      )}
      {editing && (
        <form
          className="fc-interp-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save(true);
          }}
        >
          <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} placeholder={`${t('booth.interpreter')} · ${other('booth.interpreter')}`} data-testid="interpreter-name" autoFocus />
          <button type="submit" data-testid="interpreter-save-meeting">
            {t('booth.interpreter.forMeeting')}
          </button>
          <button type="button" onClick={() => void save(false)} data-testid="interpreter-save-booth">
            {t('booth.interpreter.forBooth')}
          </button>
          {error && <span className="form-error">{errorText(error)}</span>}
        </form>
      )}
    </div>
  );
}
