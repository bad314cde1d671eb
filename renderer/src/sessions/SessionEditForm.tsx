import { useState } from 'react';
import { SESSION_LANGUAGES, type AppError, type ProgrammeMode, type SessionDetails, type SessionLanguage, type SessionView } from '@contract/index';
import { call } from '../api/client';
import { useBusyGuard } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';

const MODES: ProgrammeMode[] = ['offline', 'online', 'hybrid'];

/** The console's edit form for one session's details; the server checks everything again. */
export function SessionEditForm({ session, onDone }: { session: SessionView; onDone: (saved: SessionView | null) => void }) {
  const { t, other } = useI18n();
  const d = session.details;
  const [capacity, setCapacity] = useState(d.capacity === null ? '' : String(d.capacity));
  const [signup, setSignup] = useState(d.signupRequired);
  const [languages, setLanguages] = useState<SessionLanguage[]>(d.languages);
  const [mode, setMode] = useState<ProgrammeMode>(d.mode);
  const [stream, setStream] = useState(d.streamUrl ?? '');
  const [speakers, setSpeakers] = useState(d.speakers ?? '');
  const [meetingPoint, setMeetingPoint] = useState(d.meetingPoint ?? '');
  const [minAtt, setMinAtt] = useState(d.minAttendancePct === null ? '' : String(d.minAttendancePct));
  const [problem, setProblem] = useState<string | null>(null);
  const guard = useBusyGuard();
  const bi = (k: MessageKey) => (
    <>
      {t(k)} <span className="sub">{other(k)}</span>
    </>
  );
  const explain = (e: AppError) => {
    const det = e.details as { reason?: string; occupancy?: number } | undefined;
    return det?.reason === 'capacity_below_occupancy' ? `${t('sessions.error.capacity_below_occupancy', { occupancy: det.occupancy ?? 0 })} · ${other('sessions.error.capacity_below_occupancy', { occupancy: det.occupancy ?? 0 })}` : `${t(`error.${e.code}` as MessageKey)} · ${other(`error.${e.code}` as MessageKey)}`;
  };

  async function save() {
    const num = (s: string, max: number) => (s.trim() === '' ? null : /^\d+$/.test(s.trim()) && Number(s) >= 1 && Number(s) <= max ? Number(s) : NaN);
    const cap = num(capacity, 100_000);
    const att = num(minAtt, 100);
    if (Number.isNaN(cap) || Number.isNaN(att)) return setProblem(`${t('session.edit.badNumber')} · ${other('session.edit.badNumber')}`);
    if (stream.trim() && !/^https?:\/\/[^\s<>"]+$/i.test(stream.trim())) return setProblem(`${t('session.edit.badLink')} · ${other('session.edit.badLink')}`);
    const details: SessionDetails = {
      capacity: cap,
      signupRequired: signup,
      languages,
      mode,
      streamUrl: stream.trim() || null,
      speakers: speakers.trim() || null,
      meetingPoint: meetingPoint.trim() || null,
      minAttendancePct: att,
    };
    await guard(async () => {
      const r = await call('sessions.details.save', { sessionId: session.id, details });
      if (r.ok) onDone(r.value);
      else setProblem(explain(r.error));
    });
  }

  return (
    <form
      className="panel session-edit"
      data-testid="session-edit"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>
        {bi('session.edit.title')} — {session.title}
      </h3>
      <label>
        {bi('session.edit.capacity')}
        <input data-testid="edit-capacity" inputMode="numeric" value={capacity} maxLength={6} onChange={(e) => setCapacity(e.target.value)} />
      </label>
      <label className="check">
        <input type="checkbox" data-testid="edit-signup" checked={signup} onChange={(e) => setSignup(e.target.checked)} /> {bi('session.edit.signup')}
      </label>
      <fieldset>
        <legend>{bi('session.edit.mode')}</legend>
        {MODES.map((m) => (
          <label key={m} className="check">
            <input type="radio" name="mode" checked={mode === m} onChange={() => setMode(m)} /> {t(`mode.${m}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{bi('session.edit.languages')}</legend>
        {SESSION_LANGUAGES.map((l) => (
          <label key={l} className="check">
            <input type="checkbox" checked={languages.includes(l)} onChange={(e) => setLanguages((x) => (e.target.checked ? [...x, l].slice(0, 6) : x.filter((y) => y !== l)))} /> {t(`lang.${l}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {bi('session.edit.stream')}
        <input data-testid="edit-stream" value={stream} maxLength={500} onChange={(e) => setStream(e.target.value)} />
      </label>
      <label>
        {bi('session.edit.speakers')}
        <input value={speakers} maxLength={200} onChange={(e) => setSpeakers(e.target.value)} />
      </label>
      <label>
        {bi('session.edit.meetingPoint')}
        <input value={meetingPoint} maxLength={200} onChange={(e) => setMeetingPoint(e.target.value)} />
      </label>
      <label>
        {bi('session.edit.minAttendance')}
        <input inputMode="numeric" value={minAtt} maxLength={3} onChange={(e) => setMinAtt(e.target.value)} />
      </label>
      {problem && (
        <div className="form-error" data-testid="edit-error">
          {problem}
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" data-testid="edit-save">
          {bi('session.edit.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {bi('session.edit.close')}
        </button>
      </div>
    </form>
  );
}
