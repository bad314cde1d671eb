/**
 * The Electron shell's decisions, as pure functions (no Electron binary here): DevTools
 * only with a flag and never on a public screen, external links only to allow-listed
 * https hosts and never from a kiosk, permissions only for the camera from our origin
 * with the media type stated; and the packaging config flips the fuses.
 */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { devToolsAllowed, externalHostsFrom, externalLinkAllowed, permissionAllowed } from '../main/electron/web-policy';
import { originOf } from '../main/electron/ipc-sender';

const APP = 'app://fairdesk';

test('DevTools: only with --devtools or FAIRDESK_DEVTOOLS=1, never on a kiosk or board', () => {
  assert.equal(devToolsAllowed('admin', ['electron', '.'], {}), false, 'off by default in production');
  assert.equal(devToolsAllowed('desk', ['electron', '.', '--devtools'], {}), true);
  assert.equal(devToolsAllowed('admin', [], { FAIRDESK_DEVTOOLS: '1' }), true);
  assert.equal(devToolsAllowed('kiosk', ['--devtools'], { FAIRDESK_DEVTOOLS: '1' }), false);
  assert.equal(devToolsAllowed('board', ['--devtools'], {}), false);
});

test('external links: https to an allow-listed host from a staff console only', () => {
  const hosts = externalHostsFrom({ FAIRDESK_EXTERNAL_HOSTS: 'privacy.example.org, Expo.example.com' });
  assert.deepEqual(hosts, ['privacy.example.org', 'expo.example.com']);
  assert.ok(externalLinkAllowed('https://privacy.example.org/policy', 'desk', hosts));
  assert.ok(externalLinkAllowed('https://EXPO.example.com/', 'admin', hosts));
  for (const url of ['https://evil.com/', 'http://privacy.example.org/', 'https://privacy.example.org.evil.com/', 'https://user@privacy.example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
    assert.equal(externalLinkAllowed(url, 'desk', hosts), false, url);
  }
  assert.equal(externalLinkAllowed('https://privacy.example.org/policy', 'kiosk', hosts), false, 'never out of a kiosk');
  assert.equal(externalLinkAllowed('https://privacy.example.org/policy', 'board', hosts), false);
  assert.deepEqual(externalHostsFrom({}), [], 'nothing allowed by default');
});

test('permissions: camera (video, stated) from our own pages only', () => {
  const ask = (over: Partial<Parameters<typeof permissionAllowed>[0]>) =>
    permissionAllowed({ role: 'kiosk', permission: 'media', from: 'app://fairdesk/index.html#kiosk', mediaTypes: ['video'], ...over }, APP);
  assert.ok(ask({}));
  assert.equal(ask({ mediaTypes: undefined }), false, 'a missing media type is refused');
  assert.equal(ask({ mediaTypes: [] }), false);
  assert.equal(ask({ mediaTypes: ['video', 'audio'] }), false, 'no microphone');
  assert.equal(ask({ mediaTypes: ['audio'] }), false);
  assert.equal(ask({ from: 'https://evil.com/' }), false);
  assert.equal(ask({ from: undefined }), false);
  assert.equal(ask({ from: 'app://fairdesk.evil/x' }), false);
  for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb']) assert.equal(ask({ permission }), false, permission);
  assert.equal(ask({ role: 'board' }), false, 'the board has no camera use');
  assert.ok(ask({ role: 'desk' }));
  assert.equal(originOf('app://fairdesk/index.html'), APP, 'app:// has a usable origin (Node says "null")');
});

test('packaging flips the fuses', () => {
  const yml = fs.readFileSync(path.resolve(import.meta.dirname, '..', 'electron-builder.yml'), 'utf8');
  const block = yml.slice(yml.indexOf('electronFuses:'));
  for (const line of [
    'runAsNode: false',
    'enableNodeOptionsEnvironmentVariable: false',
    'enableNodeCliInspectArguments: false',
    'enableCookieEncryption: true',
    'enableEmbeddedAsarIntegrityValidation: true',
    'onlyLoadAppFromAsar: true',
  ]) {
    assert.match(block, new RegExp(`^\\s+${line}$`, 'm'), line);
  }
});
