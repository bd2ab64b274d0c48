// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import type { CannedResponse } from '../../../src/shared/domain.ts';
import ComposerHost from './ComposerHost.vue';
import { BridgeFailure, mountWith, scriptedBridge, settle, setUp } from './harness.ts';

enableAutoUnmount(afterEach);

function canned(id: string, title: string, text: string, extra: Partial<CannedResponse> = {}): CannedResponse {
  return { id, title, text, shared: false, createdBy: 'me', editable: true, ...extra };
}

const library = [
  canned('c1', 'Greeting', 'Hi $recipient_name, I am $agent_name. How can I help?'),
  canned('c2', 'Refund policy', 'Refunds take 5 days, {visitor_name}.', { shared: true, createdBy: 'owner', editable: false }),
  canned('c3', 'Goodbye', 'Thanks for contacting us!'),
];

async function mountComposer(visitorName: string | null = 'John ') {
  const bridge = scriptedBridge({ 'canned.list': () => library });
  const context = setUp(bridge);
  const wrapper = mountWith(ComposerHost, context, { props: { visitorName, agentName: 'Mia Agent' } });
  const composer = wrapper.get('textarea');
  const type = async (value: string) => {
    await composer.setValue(value);
    await settle();
  };
  const press = (key: string, init: KeyboardEventInit = {}) => composer.trigger('keydown', { key, ...init });
  return { wrapper, bridge, composer, type, press };
}

describe('canned response picker in the composer', () => {
  it('opens on "/" at the start, lists every response with shared ones marked, and loads the list once', async () => {
    const { wrapper, bridge, type } = await mountComposer();
    expect(wrapper.find('[data-testid="canned-picker"]').exists()).toBe(false);
    await type('/');
    const options = wrapper.findAll('[role="option"]');
    expect(options.map((option) => option.find('.canned-picker-title').text())).toEqual(['Goodbye', 'Greeting', 'Refund policy']);
    expect(options[2]!.text()).toContain('Shared');
    expect(options[0]!.text()).not.toContain('Shared');
    await type('/g');
    expect(bridge.callsTo('canned.list')).toHaveLength(1);
  });

  it('does not open for a "/" that is not at the start, or on a second line', async () => {
    const { wrapper, type } = await mountComposer();
    await type('see a/b');
    expect(wrapper.find('[data-testid="canned-picker"]').exists()).toBe(false);
    await type('/\nsecond line');
    expect(wrapper.find('[data-testid="canned-picker"]').exists()).toBe(false);
  });

  it('filters as you type, across title and text, ignoring case and accents', async () => {
    const { wrapper, type } = await mountComposer();
    await type('/REF');
    expect(wrapper.findAll('[role="option"]').map((option) => option.find('.canned-picker-title').text())).toEqual(['Refund policy']);
    await type('/contàcting');
    expect(wrapper.findAll('[role="option"]').map((option) => option.find('.canned-picker-title').text())).toEqual(['Goodbye']);
    await type('/nothing like this');
    expect(wrapper.text()).toContain('No canned response matches “nothing like this”');
  });

  it('inserts the highlighted response with Enter, names filled in, without sending', async () => {
    const { wrapper, composer, type, press } = await mountComposer();
    await type('/gr');
    await press('Enter');
    expect((composer.element as HTMLTextAreaElement).value).toBe('Hi John, I am Mia Agent. How can I help?');
    expect(wrapper.emitted('send')).toBeUndefined();
    expect(wrapper.find('[data-testid="canned-picker"]').exists()).toBe(false);
    // The next Enter sends the filled text.
    await press('Enter');
    expect(wrapper.emitted('send')).toEqual([['Hi John, I am Mia Agent. How can I help?']]);
  });

  it('moves with Up and Down (wrapping) and tells assistive technology which option is active', async () => {
    const { wrapper, composer, type, press } = await mountComposer();
    await type('/');
    expect(composer.attributes('aria-controls')).toBe(wrapper.get('[role="listbox"]').attributes('id'));
    const activeText = () => document.getElementById(composer.attributes('aria-activedescendant')!)?.querySelector('.canned-picker-title')?.textContent;
    expect(activeText()).toBe('Goodbye');
    await press('ArrowDown');
    expect(activeText()).toBe('Greeting');
    await press('ArrowUp');
    await press('ArrowUp');
    expect(activeText()).toBe('Refund policy');
    await press('Tab');
    expect((composer.element as HTMLTextAreaElement).value).toBe('Refunds take 5 days, John.');
  });

  it('closes with Esc and stays closed until the "/" is typed again; Enter then sends the text as typed', async () => {
    const { wrapper, type, press } = await mountComposer();
    await type('/gre');
    await press('Escape');
    expect(wrapper.find('[data-testid="canned-picker"]').exists()).toBe(false);
    await type('/gree');
    expect(wrapper.find('[data-testid="canned-picker"]').exists()).toBe(false);
    await type('');
    await type('/');
    expect(wrapper.find('[data-testid="canned-picker"]').exists()).toBe(true);
    await press('Escape');
    await press('Enter');
    expect(wrapper.emitted('send')).toEqual([['/']]);
  });

  it('lets Enter through when nothing matches, so "/shrug" can still be sent', async () => {
    const { wrapper, type, press } = await mountComposer();
    await type('/shrug');
    await press('Enter');
    expect(wrapper.emitted('send')).toEqual([['/shrug']]);
  });

  it('inserts on click too', async () => {
    const { wrapper, composer, type } = await mountComposer();
    await type('/');
    await wrapper.findAll('[role="option"]')[0]!.trigger('click');
    expect((composer.element as HTMLTextAreaElement).value).toBe('Thanks for contacting us!');
  });

  it('leaves an unknown visitor name as the token and warns until it is replaced', async () => {
    const { wrapper, composer, type, press } = await mountComposer('guest#81c2');
    await type('/greet');
    await press('Enter');
    expect((composer.element as HTMLTextAreaElement).value).toBe('Hi $recipient_name, I am Mia Agent. How can I help?');
    expect(wrapper.get('[role="status"]').text()).toContain('Replace $recipient_name before sending');
    await type('Hi Carla, I am Mia Agent. How can I help?');
    expect(wrapper.find('[role="status"]').exists()).toBe(false);
  });

  it('shows why the list is missing and retries on demand', async () => {
    let fail = true;
    const bridge = scriptedBridge({
      'canned.list': () => {
        if (fail) throw new BridgeFailure('network', 'connect ECONNREFUSED');
        return library;
      },
    });
    const context = setUp(bridge);
    const wrapper = mountWith(ComposerHost, context, { props: { visitorName: 'John', agentName: 'Mia' } });
    await wrapper.get('textarea').setValue('/');
    await settle();
    expect(wrapper.text()).toContain('Could not load canned responses.');
    expect(wrapper.text()).toContain('The server cannot be reached');
    fail = false;
    await wrapper.get('.canned-picker button').trigger('click');
    await settle();
    expect(wrapper.findAll('[role="option"]')).toHaveLength(3);
  });

  it('offers the manager from the picker', async () => {
    const { wrapper, type } = await mountComposer();
    await type('/');
    await wrapper.get('.canned-picker-footer button').trigger('click');
    expect(wrapper.emitted('manage')).toHaveLength(1);
  });
});
