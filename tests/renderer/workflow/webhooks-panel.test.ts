// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import type { Webhook } from '../../../src/shared/domain.ts';
import type { WebhookTestResult } from '../../../src/shared/ipc/contract.ts';
import WebhooksPanel from '../../../src/renderer/src/components/workflow/WebhooksPanel.vue';
import { useConnectionStore } from '../../../src/renderer/src/stores/connection.ts';
import { useWebhooksStore } from '../../../src/renderer/src/stores/webhooks.ts';
import { BridgeFailure, mountWith, scriptedBridge, settle, setUp } from './harness.ts';

enableAutoUnmount(afterEach);

const SENT_AT = '2026-01-10T09:30:00.000Z';

function hooksBridge(existing: Webhook[] = [], test: (id: string) => WebhookTestResult | Promise<WebhookTestResult> = () => delivered) {
  const hooks = [...existing];
  return scriptedBridge({
    'webhooks.test': (args) => test(args.id),
    'webhooks.list': () => hooks.map((hook) => ({ ...hook, secret: null })),
    'webhooks.create': (args) => {
      const hook: Webhook = { id: `w${hooks.length + 1}`, event: args.event, target: args.target, createdAt: '2026-01-10T09:00:00.000Z', secret: 'facc15b4-secret' };
      hooks.push(hook);
      return hook;
    },
    'webhooks.delete': (args) => {
      hooks.splice(hooks.findIndex((hook) => hook.id === args.id), 1);
      return null;
    },
  });
}

describe('webhooks panel', () => {
  it('is for owners and admins only: an agent gets an explanation and no call is made', async () => {
    const bridge = hooksBridge();
    const wrapper = mountWith(WebhooksPanel, setUp(bridge, { role: 'agent' }));
    await settle();
    expect(wrapper.get('[data-testid="webhooks-forbidden"]').text()).toContain('Only project owners and admins');
    expect(bridge.calls).toHaveLength(0);
    expect(wrapper.find('form').exists()).toBe(false);
  });

  it('explains a forbidden answer from the server (a role changed meanwhile)', async () => {
    const bridge = scriptedBridge({
      'webhooks.list': () => {
        throw new BridgeFailure('forbidden', 'you dont have the required role.');
      },
    });
    const wrapper = mountWith(WebhooksPanel, setUp(bridge, { role: 'admin' }));
    await settle();
    expect(wrapper.find('[data-testid="webhooks-forbidden"]').exists()).toBe(true);
  });

  it('lists subscriptions, creates one and shows its secret once', async () => {
    const bridge = hooksBridge([{ id: 'w0', event: 'request.create', target: 'https://hooks.example.com/new', createdAt: '2026-01-09T09:00:00.000Z', secret: null }]);
    const wrapper = mountWith(WebhooksPanel, setUp(bridge, { role: 'owner' }));
    await settle();
    expect(wrapper.get('[data-testid="webhook-w0"]').text()).toContain('https://hooks.example.com/new');
    // Event names contain dots: each option still gets its description, not an i18n key.
    expect(wrapper.findAll('option').map((option) => option.text())).toContain('request.close — a conversation is closed');

    await wrapper.get('select').setValue('message.create');
    await wrapper.get('input[type="url"]').setValue('  http://127.0.0.1:8099/hook  ');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(bridge.callsTo('webhooks.create')).toEqual([{ event: 'message.create', target: 'http://127.0.0.1:8099/hook' }]);
    const secret = wrapper.get('[data-testid="webhook-secret"]');
    expect((secret.get('input').element as HTMLInputElement).value).toBe('facc15b4-secret');
    expect(secret.text()).toContain('shown only this once');
    expect(secret.text()).toContain('Check the target now with “Send test event”');
    expect(wrapper.get('[data-testid="webhook-w2"]').text()).not.toContain('facc15b4-secret');

    await secret.findAll('button').find((button) => button.text() === 'I have saved it')!.trigger('click');
    expect(wrapper.find('[data-testid="webhook-secret"]').exists()).toBe(false);
    expect(wrapper.html()).not.toContain('facc15b4-secret');
    expect(useWebhooksStore().hooks.every((hook) => hook.secret === null)).toBe(true);
  });

  it('copies the secret to the clipboard', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const bridge = hooksBridge();
    const wrapper = mountWith(WebhooksPanel, setUp(bridge, { role: 'admin' }));
    await settle();
    await wrapper.get('input[type="url"]').setValue('https://hooks.example.com/in');
    await wrapper.get('form').trigger('submit');
    await settle();
    await wrapper.get('[data-testid="webhook-secret"] .webhooks-secret-row button').trigger('click');
    await settle();
    expect(writeText).toHaveBeenCalledWith('facc15b4-secret');
    expect(wrapper.get('[data-testid="webhook-secret"]').text()).toContain('Copied');
  });

  it('rejects a target that is not an http(s) URL, or carries credentials, before calling the core', async () => {
    const bridge = hooksBridge();
    const wrapper = mountWith(WebhooksPanel, setUp(bridge, { role: 'owner' }));
    await settle();
    for (const target of ['javascript:alert(1)', 'ftp://example.com/x', 'https://user:pw@example.com/x', 'not a url']) {
      await wrapper.get('input[type="url"]').setValue(target);
      await wrapper.get('form').trigger('submit');
      await settle();
      expect(wrapper.text()).toContain('Enter an http:// or https:// address');
    }
    expect(bridge.callsTo('webhooks.create')).toHaveLength(0);
  });

  it('deletes after confirmation', async () => {
    const bridge = hooksBridge([{ id: 'w0', event: 'request.close', target: 'https://hooks.example.com/c', createdAt: '2026-01-09T09:00:00.000Z', secret: null }]);
    const wrapper = mountWith(WebhooksPanel, setUp(bridge, { role: 'owner' }));
    await settle();
    await wrapper.get('[data-testid="webhook-w0"] .btn-danger').trigger('click');
    expect(bridge.callsTo('webhooks.delete')).toHaveLength(0);
    await wrapper.get('[data-testid="webhook-w0"] .btn-danger').trigger('click');
    await settle();
    expect(bridge.callsTo('webhooks.delete')).toEqual([{ id: 'w0' }]);
    expect(wrapper.find('[data-testid="webhook-w0"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('No webhooks yet.');
  });
});

const delivered: WebhookTestResult = { delivered: true, status: 200, durationMs: 34.4, error: null, sentAt: SENT_AT, secretKnown: true };
const existingHook: Webhook = { id: 'w0', event: 'message.create', target: 'http://127.0.0.1:8099/hook', createdAt: '2026-01-09T09:00:00.000Z', secret: null };

describe('webhooks panel: send test event', () => {
  async function panelWith(test: (id: string) => WebhookTestResult | Promise<WebhookTestResult>, locale: 'en' | 'it' = 'en') {
    const bridge = hooksBridge([existingHook], test);
    const context = setUp(bridge, { role: 'owner', locale });
    useConnectionStore().apply({ status: 'online', retryAt: null, lastSyncAt: Date.parse(SENT_AT), lastError: null });
    const wrapper = mountWith(WebhooksPanel, context);
    await settle();
    return { bridge, wrapper, button: wrapper.get('[data-testid="webhook-test-w0"]'), result: () => wrapper.get('[data-testid="webhook-test-result-w0"]') };
  }

  it('says the test is sent from this computer, and names each button after its webhook', async () => {
    const { wrapper, button } = await panelWith(() => delivered);
    expect(wrapper.get('[data-testid="webhooks-test-note"]').text()).toContain('sends one from this computer');
    expect(button.text()).toBe('Send test event');
    expect(button.attributes('aria-label')).toBe('Send test event: message.create to http://127.0.0.1:8099/hook');
  });

  it('shows "sending" in a live region, then the delivery with its status and duration', async () => {
    let answer!: (result: WebhookTestResult) => void;
    const { bridge, button, result } = await panelWith(() => new Promise((resolve) => (answer = resolve)));
    // The live region is there, empty, before anything happens: screen readers announce its later changes.
    expect(result().attributes('role')).toBe('status');
    expect(result().text()).toBe('');

    await button.trigger('click');
    await settle();
    expect(bridge.callsTo('webhooks.test')).toEqual([{ id: 'w0' }]);
    expect(result().text()).toBe('Sending a test event…');
    expect(button.attributes('disabled')).toBeDefined();
    await button.trigger('click');
    expect(bridge.callsTo('webhooks.test')).toHaveLength(1);

    answer(delivered);
    await settle();
    expect(result().text()).toMatch(/^✓\s*Delivered: HTTP 200 in 34 ms \(.+\)\.$/);
    expect(result().attributes('data-outcome')).toBe('delivered');
    expect(result().text()).not.toContain('x-hook-secret');
    expect(button.attributes('disabled')).toBeUndefined();
  });

  it('shows a refused delivery with the status the target answered', async () => {
    const { button, result } = await panelWith(() => ({ ...delivered, delivered: false, status: 500, durationMs: 12 }));
    await button.trigger('click');
    await settle();
    expect(result().text()).toContain('Failed: the target answered HTTP 500 in 12 ms');
    expect(result().attributes('data-outcome')).toBe('failed');
  });

  it('shows why an unreachable target could not be reached', async () => {
    const { button, result } = await panelWith(() => ({ ...delivered, delivered: false, status: null, error: 'connection refused', durationMs: 3 }));
    await button.trigger('click');
    await settle();
    expect(result().text()).toContain('Not reachable: connection refused');
    expect(result().text()).not.toContain('HTTP');
  });

  it('says when the secret is unknown here, so the test went without x-hook-secret and token', async () => {
    const { button, result } = await panelWith(() => ({ ...delivered, secretKnown: false }));
    await button.trigger('click');
    await settle();
    expect(result().text()).toContain('Delivered: HTTP 200');
    expect(result().text()).toContain('Sent without the x-hook-secret header and token');
  });

  it('explains a refusal of the core (a role changed meanwhile)', async () => {
    const { button, result } = await panelWith(() => {
      throw new BridgeFailure('forbidden', 'you dont have the required role.');
    });
    await button.trigger('click');
    await settle();
    expect(result().text()).toContain('You do not have permission to do that.');
    expect(result().attributes('data-outcome')).toBe('failed');
  });

  it('is disabled offline, with the reason, and sends nothing', async () => {
    const { bridge, button } = await panelWith(() => delivered);
    useConnectionStore().apply({ status: 'offline', retryAt: null, lastSyncAt: Date.parse(SENT_AT), lastError: 'offline' });
    await settle();
    expect(button.attributes('disabled')).toBeDefined();
    expect(button.attributes('title')).toBe('Not available offline');
    await button.trigger('click');
    expect(bridge.callsTo('webhooks.test')).toHaveLength(0);
  });

  it('forgets the result of a deleted webhook', async () => {
    const { wrapper, button } = await panelWith(() => delivered);
    await button.trigger('click');
    await settle();
    expect(useWebhooksStore().tests.w0?.status).toBe('done');
    await wrapper.get('[data-testid="webhook-w0"] .btn-danger').trigger('click');
    await wrapper.get('[data-testid="webhook-w0"] .btn-danger').trigger('click');
    await settle();
    expect(useWebhooksStore().tests).toEqual({});
  });

  it('speaks Italian', async () => {
    const { button, result } = await panelWith(() => ({ ...delivered, delivered: false, status: null, error: 'timed out' }), 'it');
    expect(button.text()).toBe('Invia evento di prova');
    await button.trigger('click');
    await settle();
    expect(result().text()).toContain('Non raggiungibile: timed out');
  });
});
