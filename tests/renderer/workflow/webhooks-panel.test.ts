// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import type { Webhook } from '../../../src/shared/domain.ts';
import WebhooksPanel from '../../../src/renderer/src/components/workflow/WebhooksPanel.vue';
import { useWebhooksStore } from '../../../src/renderer/src/stores/webhooks.ts';
import { BridgeFailure, mountWith, scriptedBridge, settle, setUp } from './harness.ts';

enableAutoUnmount(afterEach);

function hooksBridge(existing: Webhook[] = []) {
  const hooks = [...existing];
  return scriptedBridge({
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

    await wrapper.get('select').setValue('message.create');
    await wrapper.get('input[type="url"]').setValue('  http://127.0.0.1:8099/hook  ');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(bridge.callsTo('webhooks.create')).toEqual([{ event: 'message.create', target: 'http://127.0.0.1:8099/hook' }]);
    const secret = wrapper.get('[data-testid="webhook-secret"]');
    expect((secret.get('input').element as HTMLInputElement).value).toBe('facc15b4-secret');
    expect(secret.text()).toContain('shown only this once');
    expect(secret.text()).toContain('Tiledesk has no test delivery');
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
    await wrapper.get('[data-testid="webhook-w0"] button').trigger('click');
    expect(bridge.callsTo('webhooks.delete')).toHaveLength(0);
    await wrapper.get('[data-testid="webhook-w0"] .btn-danger').trigger('click');
    await settle();
    expect(bridge.callsTo('webhooks.delete')).toEqual([{ id: 'w0' }]);
    expect(wrapper.find('[data-testid="webhook-w0"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('No webhooks yet.');
  });
});
