// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import MessageList from '../../src/renderer/src/components/conversation/MessageList.vue';
import { useMessagesStore } from '../../src/renderer/src/stores/messages.ts';
import { useWorkspaceStore } from '../../src/renderer/src/stores/workspace.ts';
import { buildEntries } from '../../src/renderer/src/lib/message-entries.ts';
import { makeConversation, makeMessage } from '../helpers/domain-fixtures.ts';
import { fakeBridge, mountIn, setUp, settle } from './support/fake-bridge.ts';
import { installFakeLayout } from './support/fake-layout.ts';

enableAutoUnmount(afterEach);

const VIEWPORT = 600;
const ROW = 56;
let uninstall: () => void = () => undefined;
beforeAll(() => (uninstall = installFakeLayout({ viewport: VIEWPORT, row: ROW, rowClass: 'item' })));
afterAll(() => uninstall());

const conversation = makeConversation({ id: 'big' });
const start = Date.parse('2026-01-01T08:00:00.000Z');
const tenThousand = Array.from({ length: 10_000 }, (_, index) =>
  makeMessage({
    id: `m${index}`,
    conversationId: 'big',
    text: `Message ${index}`,
    sortKey: start + index * 60_000,
    createdAt: new Date(start + index * 60_000).toISOString(),
    author: index % 2 ? 'visitor' : 'agent',
    sender: index % 2 ? 'visitor' : 'other-agent',
  }),
);

describe('message list', () => {
  it('keeps the DOM small for a 10,000-message conversation, and opens at the newest message', async () => {
    const context = setUp(fakeBridge());
    const messages = useMessagesStore();
    messages.threads.set('big', { ...messages.thread('big'), messages: tenThousand, conversation });
    const wrapper = mountIn(MessageList, context, { props: { conversation, thread: messages.thread('big') } });
    await settle();
    // happy-dom fires no scroll events for programmatic scrolling: tell the virtualizer where the list now is.
    wrapper.get('[data-testid="message-list"]').element.dispatchEvent(new Event('scroll'));
    await settle();
    const rendered = wrapper.findAll('[data-author]');
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(300);
    expect(wrapper.find('[data-testid="message-m9999"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="message-m0"]').exists()).toBe(false);
  });

  it('scrolls to the message a search hit points at, far from the end, and marks it', async () => {
    const context = setUp(fakeBridge());
    const messages = useMessagesStore();
    messages.threads.set('big', { ...messages.thread('big'), messages: tenThousand, conversation });
    useWorkspaceStore().highlight = { conversationId: 'big', messageId: 'm1234' };
    const wrapper = mountIn(MessageList, context, { props: { conversation, thread: messages.thread('big') } });
    await settle();
    wrapper.get('[data-testid="message-list"]').element.dispatchEvent(new Event('scroll'));
    await settle();
    expect(wrapper.get('[data-testid="message-m1234"]').classes()).toContain('highlighted');
    expect(wrapper.find('[data-testid="message-m9999"]').exists()).toBe(false);
    expect(wrapper.findAll('.highlighted')).toHaveLength(1);
  });

  it('puts a day separator between messages of different days', () => {
    const entries = buildEntries([
      makeMessage({ id: 'a', conversationId: 'c', sortKey: Date.parse('2026-01-01T10:00:00') }),
      makeMessage({ id: 'b', conversationId: 'c', sortKey: Date.parse('2026-01-01T11:00:00') }),
      makeMessage({ id: 'c', conversationId: 'c', sortKey: Date.parse('2026-01-02T09:00:00') }),
    ]);
    expect(entries.map((entry) => (entry.kind === 'day' ? 'day' : entry.message.id))).toEqual(['day', 'a', 'b', 'day', 'c']);
  });

  it('shows a "new messages" pill instead of jumping when the agent has scrolled up', async () => {
    const context = setUp(fakeBridge());
    const messages = useMessagesStore();
    const first = tenThousand.slice(0, 200);
    messages.threads.set('big', { ...messages.thread('big'), messages: first, conversation });
    const wrapper = mountIn(MessageList, context, { props: { conversation, thread: messages.thread('big') } });
    await settle();
    const scroller = wrapper.get('[data-testid="message-list"]').element as HTMLElement;
    scroller.dispatchEvent(new Event('scroll'));
    await settle();
    scroller.scrollTop = 1000;
    scroller.dispatchEvent(new Event('scroll'));
    await settle();
    const incoming = makeMessage({ id: 'fresh', conversationId: 'big', text: 'Are you there?', sortKey: start + 10_000 * 60_000 });
    messages.applyBatch({ messages: [incoming], replacedMessageIds: [] });
    await wrapper.setProps({ thread: messages.thread('big') });
    await settle();
    expect(wrapper.get('[data-testid="new-messages-pill"]').text()).toContain('1 new message');
  });
});
