/**
 * Released migrations are history: once a migration shipped, its file never changes
 * (a station that already ran it would never see the edit). db/migrations/released.json
 * holds the SHA-256 of each released file; this check fails CI when one differs or
 * disappears. Releasing a new migration = adding its line there.
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from '../db/migrations/index';

const DIR = path.resolve(import.meta.dirname, '../db/migrations');
const released = JSON.parse(fs.readFileSync(path.join(DIR, 'released.json'), 'utf8')) as { sha256: Record<string, string> };

test('every released migration is byte-for-byte what was released', () => {
  const names = Object.keys(released.sha256);
  assert.ok(names.length >= 7, 'released.json lists the released migrations');
  for (const file of names) {
    const p = path.join(DIR, file);
    assert.ok(fs.existsSync(p), `released migration ${file} was removed`);
    const sha = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    assert.equal(sha, released.sha256[file], `released migration ${file} was edited — write a new migration instead`);
  }
});

test('the provider bundles every released migration under its file name, in order', () => {
  const bundled = Object.keys(migrations);
  const names = Object.keys(released.sha256).map((f) => f.replace(/\.ts$/, ''));
  for (const n of names) assert.ok(bundled.includes(n), `${n} is not in db/migrations/index.ts`);
  assert.deepEqual(bundled, [...bundled].sort(), 'migrations run in name order');
  for (const f of fs.readdirSync(DIR).filter((f) => /^\d{4}_.*\.ts$/.test(f))) assert.ok(bundled.includes(f.replace(/\.ts$/, '')), `${f} is not bundled`);
});
