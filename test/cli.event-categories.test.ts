/**
 * `npm run cli -- event set --add-category / --remove-category` in a real process on a
 * real data dir: an organiser adds a category, imports a row with its label, cannot
 * remove it while that visitor holds it (KO/EN, nothing saved), and removes an unused one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { cli } from './helpers/cli';
import { tempDir } from './helpers/station';

const FILE_2026 = {
  name: { ko: '2026 공공조달박람회', en: 'Public Procurement Expo 2026' },
  days: ['2026-05-20', '2026-05-21'],
  timeZone: 'Asia/Seoul',
  halls: [{ id: 'a', ko: 'A홀', en: 'Hall A' }],
};

describe('cli: event categories', () => {
  test('add a category, import a row with it, removal refused while in use, an unused one removed', () => {
    const data = tempDir();
    const file = path.join(data, 'event.json');
    fs.writeFileSync(file, JSON.stringify(FILE_2026));
    assert.equal(cli('event', 'set', '--file', file, '--data', data).status, 0);

    const add = cli('event', 'set', '--add-category', 'buyer_delegation:바이어 상담단:Buyer delegation:#0a7b83:every_day', '--data', data);
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /categories added \/ 추가한 구분: buyer_delegation/);
    const shown = JSON.parse(cli('event', 'show', '--data', data).stdout);
    assert.deepEqual(shown.categories.at(-1), { id: 'buyer_delegation', ko: '바이어 상담단', en: 'Buyer delegation', band: '#0a7b83', validity: 'every_day' });

    const rows = path.join(data, 'reg.csv');
    fs.writeFileSync(rows, ['등록번호,성명,구분,참가일자', 'CLI26-000001,김상담,바이어 상담단,5/20', 'CLI26-000002,이모름,자문위원단,5/20'].join('\r\n'));
    const imp = cli('import', 'registrations', rows, '--data', data);
    assert.equal(imp.status, 0, imp.stderr);
    assert.match(imp.stdout, /inserted 1 .* rejected 1/);
    assert.match(imp.stdout, /row 3: 알 수 없는 구분 \/ unknown category — 자문위원단/);

    const refused = cli('event', 'set', '--remove-category', 'buyer_delegation', '--data', data);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /'바이어 상담단' 구분인 참관객이 1명 있어 뺄 수 없습니다 \/ 1 visitor is 'Buyer delegation'/);
    assert.match(refused.stderr, /저장하지 않았습니다 \/ nothing was saved/);

    const bad = cli('event', 'set', '--add-category', 'broken', '--data', data);
    assert.equal(bad.status !== 0, true);
    assert.match(bad.stderr, /--add-category 'id:한국어:English:#rrggbb\[:every_day\]' 형식/);

    const removed = cli('event', 'set', '--remove-category', 'press,vip', '--data', data);
    assert.equal(removed.status, 0, removed.stderr);
    const ids = JSON.parse(cli('event', 'show', '--data', data).stdout).categories.map((c: { id: string }) => c.id);
    assert.equal(ids.includes('press') || ids.includes('vip'), false);
    assert.ok(ids.includes('buyer_delegation'), 'the refused removal changed nothing');
  });
});
