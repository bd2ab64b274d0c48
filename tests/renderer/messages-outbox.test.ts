// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import type { Message } from '../../src/shared/domain.ts';
import { useMessagesStore, mergeMessages } from '../../src/renderer/src/stores/messages.ts';
import { useToastStore } from '../../src/renderer/src/stores/toasts.ts';
import { useWorkspaceStore } from '../../src/renderer/src/stores/workspace.ts';
import MessageRow from '../../src/renderer/src/components/conversation/MessageRow.vue';
import { makeConversation, makeMessage } from '../helpers/domain-fixtures.ts';
import { fakeBridge, mountIn, Refusal, setUp, settle } from './support/fake-bridge.ts';

enableAutoUnmount(afterEach);

const conversation = makeConversation({ id: 'conv-1' });
const visitorHello = makeMessage({ id: 'srv-1', conversationId: 'conv-1', text: 'Hi, my order is late', sortKey: 1000, createdAt: '2026-01-10T09:00:00.000Z' });

function placeholder(overrides: Partial<Message> = {}): Message {
  return makeMessage({
    id: 'local:abc',
    clientId: 'abc',
    conversationId: 'conv-1',
    sender: 'me',
    senderFullname: 'Mia Agent',
    author: 'me',
    text: 'Let me check',
    sortKey: 2000,
    createdAt: '2026-01-10T09:00:02.000Z',
    delivery: 'pending',
    ...overrides,
  });
}

function openBridge() {
  return fakeBridge({
    'conversation.open': () => ({ conversation, messages: [visitorHello], hasOlder: false }),
    'message.send': ({ text }) => placeholder({ text }),
  });
}

describe('outbox states in the message list', () => {
  it('shows a sent reply at once as pending, then replaces the placeholder with the server message', async () => {
    setUp(openBridge());
    const messages = useMessagesStore();
    await messages.open('conv-1');
    await messages.send('conv-1', 'Let me check');
    expect(messages.thread('conv-1').messages.map((m) => [m.id, m.delivery])).toEqual([
      ['srv-1', 'sent'],
      ['local:abc', 'pending'],
    ]);

    const echo = placeholder({ id: 'srv-2', delivery: 'sent' });
    messages.applyBatch({ messages: [echo], replacedMessageIds: [{ localId: 'local:abc', serverId: 'srv-2' }] });
    expect(messages.thread('conv-1').messages.map((m) => [m.id, m.delivery])).toEqual([
      ['srv-1', 'sent'],
      ['srv-2', 'sent'],
    ]);
  });

  it('never shows a reply twice when the server echo arrives before the replacement notice', async () => {
    setUp(openBridge());
    const messages = useMessagesStore();
    await messages.open('conv-1');
    await messages.send('conv-1', 'Let me check');
    messages.applyBatch({ messages: [placeholder({ id: 'srv-2', delivery: 'sent' })], replacedMessageIds: [] });
    messages.applyBatch({ messages: [], replacedMessageIds: [{ localId: 'local:abc', serverId: 'srv-2' }] });
    expect(messages.thread('conv-1').messages.map((m) => m.id)).toEqual(['srv-1', 'srv-2']);
  });

  it('keeps order by sortKey when an older message arrives late', () => {
    const late = makeMessage({ id: 'late', conversationId: 'conv-1', sortKey: 500 });
    expect(mergeMessages([visitorHello], [late]).map((m) => m.id)).toEqual(['late', 'srv-1']);
  });

  it('shows a failed reply with its reason, and Retry asks the core to send it again', async () => {
    const bridge = fakeBridge({ 'message.retry': () => placeholder({ delivery: 'sending' }) });
    const context = setUp(bridge);
    const messages = useMessagesStore();
    messages.threads.set('conv-1', { ...messages.thread('conv-1'), messages: [placeholder({ delivery: 'failed', deliveryError: 'Server answered 500' })] });
    const failed = messages.thread('conv-1').messages[0]!;
    const wrapper = mountIn(MessageRow, context, { props: { message: failed, showHeader: true } });
    expect(wrapper.text()).toContain('Not sent: Server answered 500');
    await wrapper.get('[data-testid="message-retry"]').trigger('click');
    await settle();
    expect(bridge.callsTo('message.retry')).toEqual([{ messageId: 'local:abc' }]);
    expect(messages.thread('conv-1').messages[0]?.delivery).toBe('sending');
  });

  it('Discard removes a failed reply from the list', async () => {
    const bridge = fakeBridge({ 'message.discard': () => null });
    const context = setUp(bridge);
    const messages = useMessagesStore();
    messages.threads.set('conv-1', { ...messages.thread('conv-1'), messages: [visitorHello, placeholder({ delivery: 'failed' })] });
    const wrapper = mountIn(MessageRow, context, { props: { message: messages.thread('conv-1').messages[1]!, showHeader: true } });
    await wrapper.get('[data-testid="message-discard"]').trigger('click');
    await settle();
    expect(bridge.callsTo('message.discard')).toEqual([{ messageId: 'local:abc' }]);
    expect(messages.thread('conv-1').messages.map((m) => m.id)).toEqual(['srv-1']);
  });

  it('shows why a retry was refused instead of failing silently', async () => {
    const context = setUp(fakeBridge({ 'message.retry': () => Promise.reject(new Refusal('network', 'offline')) }));
    const wrapper = mountIn(MessageRow, context, { props: { message: placeholder({ delivery: 'failed' }), showHeader: true } });
    await wrapper.get('[data-testid="message-retry"]').trigger('click');
    await settle();
    expect(useToastStore().toasts.map((toast) => toast.error.code)).toEqual(['network']);
  });
});

describe('older history', () => {
  it('asks for messages before the oldest one and prepends them', async () => {
    const older = makeMessage({ id: 'old', conversationId: 'conv-1', sortKey: 10 });
    const bridge = fakeBridge({
      'conversation.open': () => ({ conversation, messages: [visitorHello], hasOlder: true }),
      'conversation.loadOlder': () => ({ conversation, messages: [older], hasOlder: false }),
    });
    setUp(bridge);
    const messages = useMessagesStore();
    await messages.open('conv-1');
    await messages.loadOlder('conv-1');
    expect(bridge.callsTo('conversation.loadOlder')).toEqual([{ conversationId: 'conv-1', beforeSortKey: 1000, limit: 100 }]);
    expect(messages.thread('conv-1').messages.map((m) => m.id)).toEqual(['old', 'srv-1']);
    expect(messages.thread('conv-1').hasOlder).toBe(false);
  });
});

describe('search hits', () => {
  it('pages back through older history until the message of a search hit is there, then stops', async () => {
    const page = (from: number) => Array.from({ length: 3 }, (_, index) => makeMessage({ id: `m${from + index}`, conversationId: 'conv-1', sortKey: (from + index) * 1000 }));
    const bridge = fakeBridge({
      'conversation.open': () => ({ conversation, messages: page(9), hasOlder: true }),
      'conversation.loadOlder': ({ beforeSortKey }) => {
        const from = beforeSortKey / 1000 - 3;
        return { conversation, messages: page(from), hasOlder: from > 0 };
      },
      'conversation.setViewed': () => null,
    });
    setUp(bridge);
    const messages = useMessagesStore();
    const workspace = useWorkspaceStore();
    workspace.open('conv-1', { messageId: 'm4' });
    await settle();
    expect(workspace.highlight).toEqual({ conversationId: 'conv-1', messageId: 'm4' });
    expect(messages.thread('conv-1').messages.map((m) => m.id)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11']);
    expect(bridge.callsTo('conversation.loadOlder')).toHaveLength(2);
    // Another conversation opened normally: nothing is marked any more.
    workspace.open('conv-2');
    expect(workspace.highlight).toBeNull();
  });

  it('gives up at the beginning of the history when the message is not there', async () => {
    const bridge = fakeBridge({
      'conversation.open': () => ({ conversation, messages: [visitorHello], hasOlder: true }),
      'conversation.loadOlder': () => ({ conversation, messages: [makeMessage({ id: 'old', conversationId: 'conv-1', sortKey: 10 })], hasOlder: false }),
    });
    setUp(bridge);
    const messages = useMessagesStore();
    await messages.open('conv-1');
    expect(await messages.loadUntil('conv-1', 'deleted-message')).toBe(false);
    expect(bridge.callsTo('conversation.loadOlder')).toHaveLength(1);
  });
});

describe('older history failures', () => {
  it('keeps the shown messages and records why older ones could not be loaded', async () => {
    const bridge = fakeBridge({
      'conversation.open': () => ({ conversation, messages: [visitorHello], hasOlder: true }),
      'conversation.loadOlder': () => Promise.reject(new Refusal('internal', 'cache read failed')),
    });
    setUp(bridge);
    const messages = useMessagesStore();
    await messages.open('conv-1');
    await messages.loadOlder('conv-1');
    expect(messages.thread('conv-1').messages.map((m) => m.id)).toEqual(['srv-1']);
    expect(messages.thread('conv-1').olderError).toEqual({ code: 'internal', message: 'cache read failed' });
    expect(messages.thread('conv-1').error).toBeNull();
  });
});
