// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import { RequestStatus, type Conversation } from '../../src/shared/domain.ts';
import MessageComposer from '../../src/renderer/src/components/composer/MessageComposer.vue';
import { composerKeyAction } from '../../src/renderer/src/lib/composer-keys.ts';
import { useMessagesStore } from '../../src/renderer/src/stores/messages.ts';
import { makeConversation, makeMessage } from '../helpers/domain-fixtures.ts';
import { fakeBridge, mountIn, Refusal, setUp, settle, signedIn, type FakeBridge } from './support/fake-bridge.ts';

enableAutoUnmount(afterEach);
beforeEach(() => localStorage.clear());

const mine = makeConversation({ id: 'conv-1', participants: ['me'] });

function sendingBridge(): FakeBridge {
  return fakeBridge({
    'message.send': ({ conversationId, text }) =>
      makeMessage({ id: 'local:1', clientId: '1', conversationId, text, author: 'me', sender: 'me', delivery: 'pending' }),
    'conversation.join': ({ conversationId }) => makeConversation({ id: conversationId, participants: ['me'] }),
  });
}

function mountComposer(bridge: FakeBridge, conversation: Conversation = mine, session = signedIn()) {
  const context = setUp(bridge, { session });
  useMessagesStore().threads.set(conversation.id, { ...useMessagesStore().thread(conversation.id) });
  return mountIn(MessageComposer, context, { props: { conversation } });
}

describe('composer keys', () => {
  const key = (overrides: Partial<KeyboardEvent>) => ({ key: 'Enter', shiftKey: false, altKey: false, isComposing: false, keyCode: 13, ...overrides }) as KeyboardEvent;

  it('sends on Enter and makes a new line on Shift+Enter', () => {
    expect(composerKeyAction(key({}))).toBe('send');
    expect(composerKeyAction(key({ shiftKey: true }))).toBe('newline');
  });

  it('leaves Enter alone while an IME is composing (Japanese, Chinese input)', () => {
    expect(composerKeyAction(key({ isComposing: true }))).toBeNull();
    expect(composerKeyAction(key({ keyCode: 229 }))).toBeNull();
  });
});

describe('composer', () => {
  it('sends the typed text on Enter and empties the box', async () => {
    const bridge = sendingBridge();
    const wrapper = mountComposer(bridge);
    const input = wrapper.get('[data-testid="composer-input"]');
    await input.setValue('Your refund is on its way');
    await input.trigger('keydown', { key: 'Enter' });
    await settle();
    expect(bridge.callsTo('message.send')).toEqual([{ conversationId: 'conv-1', text: 'Your refund is on its way' }]);
    expect((input.element as HTMLTextAreaElement).value).toBe('');
  });

  it('does not send on Shift+Enter', async () => {
    const bridge = sendingBridge();
    const wrapper = mountComposer(bridge);
    const input = wrapper.get('[data-testid="composer-input"]');
    await input.setValue('line one');
    await input.trigger('keydown', { key: 'Enter', shiftKey: true });
    await settle();
    expect(bridge.callsTo('message.send')).toEqual([]);
  });

  it('keeps the text and shows why when the core refuses the message', async () => {
    const bridge = fakeBridge({ 'message.send': () => Promise.reject(new Refusal('forbidden', 'not a participant')) });
    const wrapper = mountComposer(bridge);
    const input = wrapper.get('[data-testid="composer-input"]');
    await input.setValue('Important answer');
    await wrapper.get('[data-testid="composer-send"]').trigger('click');
    await settle();
    expect((input.element as HTMLTextAreaElement).value).toBe('Important answer');
    expect(wrapper.get('[data-testid="composer-error"]').text()).toContain('You do not have permission to do that.');
  });

  it('is disabled with a reason when the conversation is closed', () => {
    const wrapper = mountComposer(sendingBridge(), makeConversation({ id: 'c', status: RequestStatus.closed, participants: ['me'] }));
    expect(wrapper.get('[data-testid="composer-blocked"]').text()).toContain('This conversation is closed');
    expect(wrapper.get('[data-testid="composer-input"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="composer-send"]').attributes('disabled')).toBeDefined();
  });

  it('tells the agent to join a queued conversation before replying (the Join button is in the header)', () => {
    const wrapper = mountComposer(sendingBridge(), makeConversation({ id: 'q', status: RequestStatus.unassigned, participants: [] }));
    expect(wrapper.get('[data-testid="composer-blocked"]').text()).toContain('waiting in the queue. Join it to reply.');
    expect(wrapper.get('[data-testid="composer-input"]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('button.btn-primary:not([data-testid="composer-send"])').exists()).toBe(false);
  });

  it("says the agent is not a participant of a colleague's conversation", () => {
    const wrapper = mountComposer(sendingBridge(), makeConversation({ id: 'o', participants: ['other'] }));
    expect(wrapper.get('[data-testid="composer-blocked"]').text()).toContain('not a participant');
  });

  it('refuses an image over 1 MB with a clear message, without calling the core', async () => {
    const bridge = sendingBridge();
    const wrapper = mountComposer(bridge);
    const big = new File([new Uint8Array(1_100_000)], 'screenshot.png', { type: 'image/png' });
    const input = wrapper.get('[data-testid="composer-attach"]');
    Object.defineProperty(input.element, 'files', { value: [big], configurable: true });
    await input.trigger('change');
    await settle();
    expect(wrapper.get('[data-testid="composer-error"]').text()).toMatch(/files over 1 MB cannot be sent/);
    expect(bridge.callsTo('message.send')).toEqual([]);
  });

  it('sends a small image as bytes with its name and type', async () => {
    const bridge = sendingBridge();
    const wrapper = mountComposer(bridge);
    const small = new File([new Uint8Array([137, 80, 78, 71])], 'tiny.png', { type: 'image/png' });
    const input = wrapper.get('[data-testid="composer-attach"]');
    Object.defineProperty(input.element, 'files', { value: [small], configurable: true });
    await input.trigger('change');
    await settle();
    const [sent] = bridge.callsTo('message.send');
    expect(sent?.attachment?.fileName).toBe('tiny.png');
    expect(sent?.attachment?.mimeType).toBe('image/png');
    expect(Array.from(sent?.attachment?.data ?? [])).toEqual([137, 80, 78, 71]);
  });

  it('keeps a draft per conversation across switching, and across a reload', async () => {
    const context = setUp(sendingBridge());
    const composerFor = (conversation: Conversation) => mountIn(MessageComposer, context, { props: { conversation } });
    const valueOf = (wrapper: ReturnType<typeof composerFor>) => (wrapper.get('[data-testid="composer-input"]').element as HTMLTextAreaElement).value;

    const first = composerFor(mine);
    await first.get('[data-testid="composer-input"]').setValue('half-written answer');
    first.unmount();
    const other = composerFor(makeConversation({ id: 'conv-2', participants: ['me'] }));
    expect(valueOf(other)).toBe('');
    other.unmount();
    expect(valueOf(composerFor(mine))).toBe('half-written answer');

    // A fresh renderer (new stores) still has it.
    expect(valueOf(mountComposer(sendingBridge()))).toBe('half-written answer');
  });
});
