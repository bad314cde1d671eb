/** The booth PC's one-tap join link in Electron: which links leave the app, from which roles. */
import { test } from 'vitest';
import assert from 'node:assert/strict';
import { DEFAULT_MEETING_HOSTS, meetingHostsFrom, meetingLinkAllowed } from '../main/electron/web-policy';

test('join links: http(s) to a meeting host or its subdomain, from a booth or floor console only', () => {
  const hosts = meetingHostsFrom({});
  assert.deepEqual(hosts, DEFAULT_MEETING_HOSTS);
  assert.ok(meetingLinkAllowed('https://us02web.zoom.us/j/123?pwd=x', 'booth', hosts));
  assert.ok(meetingLinkAllowed('https://teams.microsoft.com/l/meetup-join/abc', 'floor', hosts));
  for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@zoom.us/j/1', 'https://evilzoom.us/j/1', 'https://zoom.us.evil.example/j/1', 'not a url']) {
    assert.equal(meetingLinkAllowed(bad, 'booth', hosts), false, bad);
  }
  for (const role of ['kiosk', 'board', 'desk', 'door'] as const) assert.equal(meetingLinkAllowed('https://zoom.us/j/1', role, hosts), false, role);
  const own = meetingHostsFrom({ FAIRDESK_MEETING_HOSTS: 'meet.example.com' });
  assert.ok(meetingLinkAllowed('http://meet.example.com/j/V001', 'booth', own));
  assert.equal(meetingLinkAllowed('https://zoom.us/j/1', 'booth', own), false, 'the setting replaces the defaults');
});
