/**
 * Gift rules as data, evaluated by one pure function: no database, no clock — the desk,
 * the progress card and the tests all ask the same question the same way.
 */
import type { GiftRule, RuleShortfall } from '../../../contract/index';

export interface RuleResult {
  ok: boolean;
  shortfall: RuleShortfall;
}

/** Does this set of stamped point ids satisfy the rule, and if not, what is missing? */
export function evaluateRule(rule: GiftRule, stamped: ReadonlySet<string>): RuleResult {
  const all = [...new Set(rule.all)].filter((id) => !stamped.has(id));
  const anyOf = rule.anyOf
    .map((a) => {
      const of = [...new Set(a.of)];
      const have = of.filter((id) => stamped.has(id)).length;
      return { need: Math.max(0, Math.min(a.n, of.length) - have), of: of.filter((id) => !stamped.has(id)) };
    })
    .filter((a) => a.need > 0);
  return { ok: all.length === 0 && anyOf.length === 0, shortfall: { all, anyOf } };
}

/** Point ids a rule mentions (setup refuses rules naming points that do not exist). */
export function ruleReferences(rule: GiftRule): string[] {
  return [...new Set([...rule.all, ...rule.anyOf.flatMap((a) => a.of)])];
}
