/**
 * `npm run cli -- event show|set` as an organiser runs it, in a real process on a real
 * data dir: the JSON is accepted, `show` prints the same shape back, and a bad
 * file is refused in Korean and English with nothing saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { cli, ROOT } from './helpers/cli';
import { tempDir } from './helpers/station';


const FILE_2026 = {
  name: { ko: '2026 공공조달박람회', en: 'Public Procurement Expo 2026' },
  days: ['2026-05-20', '2026-05-21'],
  timeZone: 'Asia/Seoul',
  halls: [{ id: 'a', ko: 'A홀', en: 'Hall A' }],
};

describe('cli: event show / event set', () => {
  test("set --file takes the issue's JSON; show prints the same shape; flags change one field", () => {
    const data = tempDir();
    const file = path.join(data, 'event.json');
    fs.writeFileSync(file, JSON.stringify(FILE_2026));
    const set = cli('event', 'set', '--file', file, '--data', data);
    assert.equal(set.status, 0, set.stderr);
    assert.match(set.stdout, /saved: 2026 공공조달박람회/);

    const show = cli('event', 'show', '--data', data);
    assert.equal(show.status, 0, show.stderr);
    const shown = JSON.parse(show.stdout);
    for (const k of Object.keys(FILE_2026) as (keyof typeof FILE_2026)[]) assert.deepEqual(shown[k], FILE_2026[k], k);
    assert.equal(shown.walkInValidity, 'today');
    assert.equal(shown.categories.find((c: { id: string }) => c.id === 'exhibitor').validity, 'every_day');

    // What show printed is a file set takes back unchanged.
    fs.writeFileSync(file, show.stdout);
    assert.equal(cli('event', 'set', '--file', file, '--data', data).status, 0);

    const days = cli('event', 'set', '--days', '2026-05-20,2026-05-21,2026-05-22', '--walk-ins', 'rest_of_fair', '--data', data);
    assert.equal(days.status, 0, days.stderr);
    const after = JSON.parse(cli('event', 'show', '--data', data).stdout);
    assert.deepEqual(after.days, ['2026-05-20', '2026-05-21', '2026-05-22']);
    assert.equal(after.walkInValidity, 'rest_of_fair');
    assert.deepEqual(after.halls, FILE_2026.halls);
  });

  test('a bad event is refused in Korean and English, and nothing is saved', () => {
    const data = tempDir();
    const file = path.join(data, 'event.json');
    fs.writeFileSync(file, JSON.stringify({ ...FILE_2026, days: ['2026-05-21', '2026-05-20'], timeZone: 'Asia/Busan' }));
    const bad = cli('event', 'set', '--file', file, '--data', data);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /날짜는 빠른 날부터.*\/ List days earliest first/);
    assert.match(bad.stderr, /알 수 없는 시간대.*Asia\/Busan.*\/ Unknown time zone/);
    assert.match(bad.stderr, /저장하지 않았습니다 \/ nothing was saved/);
    assert.deepEqual(JSON.parse(cli('event', 'show', '--data', data).stdout).days, []);

    fs.writeFileSync(file, '{ not json');
    const junk = cli('event', 'set', '--file', file, '--data', data);
    assert.equal(junk.status, 1);
    assert.match(junk.stderr, /JSON 형식이 아닙니다 \/ not a JSON object/);

    const flag = cli('event', 'set', '--dayz', '2026-05-20', '--data', data);
    // The dispatcher reads every command's flags strictly: a usage error (exit 2), in both languages.
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /알 수 없는 옵션입니다 \/ Unknown option '--dayz'/);
  });
});
