import { describe, expect, it } from 'vitest';
import { createHostStatus } from '../../src/main/electron/host-status.ts';

const user = { id: 'u1', email: 'agent@demo.test', firstname: 'Alice', lastname: 'Martin' };
const project = { id: 'p1', name: 'Demo Support', role: 'agent', projectUserId: 'pu1' };
const availability = { available: true, profileStatus: '', isBusy: false, assignedCount: 1 };

describe('host status (what the tray, badge and CSP follow)', () => {
  it('knows the server whose images the page may show: signed in, expired, or last used when signed out', () => {
    const status = createHostStatus();
    expect(status.serverOrigin()).toBeNull();
    status.observeEvent('session.changed', { status: 'signedIn', serverUrl: 'https://api.tiledesk.com/v3', user, projects: [project], project, availability });
    expect(status.serverOrigin()).toBe('https://api.tiledesk.com');
    status.observeEvent('session.changed', { status: 'expired', serverUrl: 'http://127.0.0.1:3000', user, project });
    expect(status.serverOrigin()).toBe('http://127.0.0.1:3000');
    status.observeEvent('session.changed', { status: 'signedOut', lastServerUrl: 'https://support.example.com/api' });
    expect(status.serverOrigin()).toBe('https://support.example.com');
    status.observeEvent('session.changed', { status: 'signedOut' });
    expect(status.serverOrigin()).toBeNull();
  });

  it('follows availability and badge from the core events, and tells its listeners', () => {
    const status = createHostStatus();
    const seen: number[] = [];
    const stop = status.subscribe((snapshot) => seen.push(snapshot.badge.unread));
    status.observeEvent('session.changed', { status: 'signedIn', serverUrl: 'http://127.0.0.1:3000', user, projects: [project], project, availability });
    status.observeEvent('sync.batch', { conversations: [], removedConversationIds: [], messages: [], replacedMessageIds: [], team: null, availability: { ...availability, available: false } });
    expect(status.get().availability?.available).toBe(false);
    status.observeEvent('badge.changed', { unread: 3, queue: 1, attention: false });
    expect(status.get().badge).toEqual({ unread: 3, queue: 1, attention: false });
    stop();
    status.observeEvent('badge.changed', { unread: 5, queue: 1, attention: false });
    expect(seen).toEqual([0, 0, 3]);
    status.observeEvent('session.changed', { status: 'signedOut' });
    expect(status.get().availability).toBeNull();
  });
});
