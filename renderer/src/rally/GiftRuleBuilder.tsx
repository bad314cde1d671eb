import type { GiftRule, RallyPoint } from '@contract/index';
import { useI18n } from '../i18n/i18n';
import { useLabels } from './rally-common';

/** The contract's limits on a rule (GiftRule): at most 5 "any N of" groups. */
const MAX_GROUPS = 5;

/**
 * A gift's rule built from the setup's points instead of typed as JSON: the points every
 * visitor must have ("all of"), up to five "any N of" groups, or — ticked on purpose —
 * "everyone qualifies". With nothing ticked the server refuses the save (empty_rule).
 */
export function GiftRuleBuilder({ rule, points, onChange }: { rule: GiftRule; points: RallyPoint[]; onChange: (rule: GiftRule) => void }) {
  const { t } = useI18n();
  const { name } = useLabels();
  const toggle = (ids: string[], id: string, on: boolean) => (on ? [...ids.filter((x) => x !== id), id] : ids.filter((x) => x !== id));
  const pointBoxes = (picked: string[], set: (ids: string[]) => void, group: string) => (
    <div className="rule-points">
      {points.map((p) => (
        <label key={p.id} className={`rule-point${picked.includes(p.id) ? ' on' : ''}`}>
          <input type="checkbox" checked={picked.includes(p.id)} onChange={(e) => set(toggle(picked, p.id, e.target.checked))} data-rule={`${group}:${p.id}`} />
          {name(p) || p.id}
        </label>
      ))}
    </div>
  );
  const setGroup = (i: number, g: GiftRule['anyOf'][number]) => onChange({ ...rule, anyOf: rule.anyOf.map((x, j) => (j === i ? { ...g, n: Math.max(1, Math.min(g.n, Math.max(1, g.of.length))) } : x)) });

  return (
    <div className="rule-builder" data-testid="rule-builder">
      <label className="rule-everyone">
        <input
          type="checkbox"
          checked={rule.everyone === true}
          onChange={(e) => onChange(e.target.checked ? { all: [], anyOf: [], everyone: true } : { all: rule.all, anyOf: rule.anyOf })}
          data-rule="everyone"
        />
        {t('rally.setup.rule.everyone')}
      </label>
      {!rule.everyone && (
        <>
          <div className="rule-group">
            <div className="rule-title">{t('rally.setup.rule.all')}</div>
            {pointBoxes(rule.all, (all) => onChange({ ...rule, all }), 'all')}
          </div>
          {rule.anyOf.map((g, i) => (
            <div className="rule-group" key={i} data-testid="rule-any">
              <div className="rule-title">
                <select value={g.n} onChange={(e) => setGroup(i, { ...g, n: Number(e.target.value) })} data-rule={`any${i}:n`}>
                  {Array.from({ length: Math.max(1, g.of.length) }, (_, k) => k + 1).map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
                {t('rally.setup.rule.anyOf')}
                <button className="rule-remove" onClick={() => onChange({ ...rule, anyOf: rule.anyOf.filter((_, j) => j !== i) })}>
                  {t('rally.setup.remove')}
                </button>
              </div>
              {pointBoxes(g.of, (of) => setGroup(i, { ...g, of }), `any${i}`)}
            </div>
          ))}
          {rule.anyOf.length < MAX_GROUPS && (
            <button onClick={() => onChange({ ...rule, anyOf: [...rule.anyOf, { n: 1, of: [] }] })} data-rule="add-any">
              {t('rally.setup.rule.addAnyOf')}
            </button>
          )}
          {rule.all.length === 0 && rule.anyOf.every((g) => g.of.length === 0) && <div className="form-error">{t('rally.setup.rule.empty')}</div>}
        </>
      )}
    </div>
  );
}
