import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { CannedResponse } from '../../../src/shared/domain.ts';
import { searchCanned, useCannedStore } from '../../../src/renderer/src/stores/canned.ts';
import { useSessionStore } from '../../../src/renderer/src/stores/session.ts';
import { useWebhooksStore } from '../../../src/renderer/src/stores/webhooks.ts';
import { scriptedBridge, setUp, signedInState } from './harness.ts';

const response = (id: string, title: string, text: string): CannedResponse => ({ id, title, text, shared: true, createdBy: 'o', editable: false });

afterEach(() => {
  vi.useRealTimers();
});

describe('canned response search', () => {
  const list = [response('1', 'Shipping times', 'Orders ship in 2 days'), response('2', 'Refund', 'About shipping costs'), response('3', 'Goodbye', 'Bye!')];

  it('ranks title prefix, then title match, then text match; every word must match', () => {
    expect(searchCanned(list, 'ship').map((item) => item.id)).toEqual(['1', '2']);
    expect(searchCanned(list, 'times').map((item) => item.id)).toEqual(['1']);
    expect(searchCanned(list, 'costs ship').map((item) => item.id)).toEqual(['2']);
    expect(searchCanned(list, '   ').map((item) => item.id)).toEqual(['1', '2', '3']);
  });
});

describe('canned store', () => {
  it('refreshes a stale list when the picker opens again, not a fresh one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const bridge = scriptedBridge({ 'canned.list': () => [response('1', 'A', 'a')] });
    setUp(bridge);
    const canned = useCannedStore();
    await canned.refreshIfStale();
    await canned.refreshIfStale();
    expect(bridge.callsTo('canned.list')).toHaveLength(1);
    vi.setSystemTime(Date.now() + 61_000);
    await canned.refreshIfStale();
    expect(bridge.callsTo('canned.list')).toHaveLength(2);
  });

  it('forgets the list on a project switch and drops an answer that arrives for the old project', async () => {
    const answers: ((list: CannedResponse[]) => void)[] = [];
    const bridge = scriptedBridge({ 'canned.list': () => new Promise<CannedResponse[]>((resolve) => answers.push(resolve)) });
    setUp(bridge);
    const canned = useCannedStore();
    const loading = canned.load();
    const session = useSessionStore();
    const other = signedInState('agent');
    if (other.status === 'signedIn' && other.project) other.project = { ...other.project, id: 'project-2' };
    session.apply(other);
    await nextTick();
    // The new project's list loads at once, not held up by the old request.
    const fresh = canned.load();
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[1]!([response('new', 'From project 2', 'y')]);
    await fresh;
    answers[0]!([response('old', 'From project 1', 'x')]);
    await loading;
    expect(canned.responses.map((item) => item.id)).toEqual(['new']);
    expect(canned.loaded).toBe(true);
  });
});

describe('webhooks store', () => {
  it('never keeps a secret in the list, only aside for the one reveal', async () => {
    const bridge = scriptedBridge({
      'webhooks.list': () => [{ id: 'w1', event: 'message.create', target: 'https://a.example', createdAt: '2026-01-01T00:00:00Z', secret: 'leaked' }],
      'webhooks.create': (args) => ({ id: 'w2', ...args, createdAt: '2026-01-02T00:00:00Z', secret: 'once' }),
    });
    setUp(bridge, { role: 'owner' });
    const webhooks = useWebhooksStore();
    await webhooks.load();
    const result = await webhooks.create('request.close', 'https://b.example');
    expect(result.ok).toBe(true);
    expect(webhooks.hooks.map((hook) => [hook.id, hook.secret])).toEqual([
      ['w2', null],
      ['w1', null],
    ]);
    expect(webhooks.revealed?.secret).toBe('once');
    webhooks.dismissSecret();
    expect(webhooks.revealed).toBeNull();
  });
});
