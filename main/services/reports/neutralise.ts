/**
 * Spreadsheet formula injection (CSV injection): a cell that starts with = + - @, a TAB
 * or a CR is read as a formula by Excel and LibreOffice, and so is the full-width form
 * (＝ ＋ － ＠) that Excel folds to ASCII. Every value we write to a CSV or XLSX goes
 * through this one function: a leading apostrophe makes the cell plain text (the OWASP
 * advice; Excel hides the apostrophe).
 *
 * Numbers stay numbers: −5 typed as a number is data, not a formula.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutraliseCell<T>(value: T): T | string {
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export const isNeutralised = (s: string) => !FORMULA_START.test(s);
