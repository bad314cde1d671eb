/** The README's role × channel × event matrix is the contract's, not a stale copy (npm run matrix). */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MATRIX_END, MATRIX_START, renderMatrix, withMatrix } from '../main/server/security-matrix';

const README = path.resolve(import.meta.dirname, '..', 'README.md');

test('the README security matrix matches the contract', () => {
  const readme = fs.readFileSync(README, 'utf8');
  assert.ok(readme.includes(MATRIX_START) && readme.includes(MATRIX_END), 'README has the matrix markers');
  assert.equal(withMatrix(readme), readme, 'README matrix is stale: run npm run matrix');
});

test('the matrix names every role and marks kiosk off the badge printing and check-in channels', () => {
  const m = renderMatrix();
  const row = (name: string) => m.split('\n').find((l) => l.startsWith(`| \`${name}\` |`))!.split('|').map((c) => c.trim());
  // | name | admin | desk | kiosk | …
  assert.equal(row('printing.badge.print')[4], '');
  assert.equal(row('checkin.scan')[4], '');
  assert.equal(row('checkin.recorded')[4], '', 'a kiosk hears no check-ins');
  assert.equal(row('printing.job')[4], 'own, no code');
});
