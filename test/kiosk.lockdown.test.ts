import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { isEscapeShortcut } from '../main/electron/kiosk-lockdown';

const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {}) =>
  isEscapeShortcut({ type: 'keyDown', key: k, control: false, meta: false, alt: false, shift: false, ...mods });

describe('kiosk lockdown shortcuts', () => {
  test('ways out of the app are blocked', () => {
    assert.ok(key('F4', { alt: true }), 'Alt+F4');
    for (const k of ['w', 'q', 'r', 'W']) assert.ok(key(k, { control: true }), `Ctrl+${k}`);
    assert.ok(key('q', { meta: true }), 'Cmd+Q');
    assert.ok(key('F11') && key('F12') && key('F5'));
    assert.ok(key('I', { control: true, shift: true }), 'Ctrl+Shift+I');
    assert.ok(key('j', { control: true, shift: true }), 'Ctrl+Shift+J');
    assert.ok(key('ArrowLeft', { alt: true }), 'Alt+Left (history back)');
    assert.ok(key('+', { control: true }) && key('0', { control: true }), 'zoom');
  });

  test('what a scanner and a visitor type still works', () => {
    for (const k of ['P', 'S', '2', '-', 'Enter', 'Backspace', 'a', 'ㅔ', ' ']) assert.equal(key(k), false, k);
    assert.equal(key('P', { shift: true }), false, 'a scanner types capitals with Shift');
    assert.equal(isEscapeShortcut({ type: 'keyUp', key: 'F4', alt: true, control: false, meta: false, shift: false }), false, 'only key-down counts');
  });
});
