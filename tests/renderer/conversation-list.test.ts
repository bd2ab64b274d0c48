// @vitest-environment happy-dom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import ConversationList from '../../src/renderer/src/components/inbox/ConversationList.vue';
import { useInboxStore } from '../../src/renderer/src/stores/inbox.ts';
import { useWorkspaceStore } from '../../src/renderer/src/stores/workspace.ts';
import { makeConversation } from '../helpers/domain-fixtures.ts';
import { fakeBridge, mountIn, setUp, settle } from './support/fake-bridge.ts';
import { installFakeLayout } from './support/fake-layout.ts';

enableAutoUnmount(afterEach);
const ROW = 68;
let uninstall: () => void = () => undefined;
beforeAll(() => (uninstall = installFakeLayout({ viewport: 600, row: ROW, rowClass: 'row' })));
afterAll(() => uninstall());

const at = (minute: number) => new Date(Date.UTC(2026, 0, 10, 9, minute)).toISOString();

function mountList(count: number) {
  const context = setUp(
    fakeBridge({ 'conversation.open': ({ conversationId }) => ({ conversation: useInboxStore().get(conversationId) ?? null, messages: [], hasOlder: false }) }),
  );
  const inbox = useInboxStore();
  inbox.applySnapshot({
    conversations: Array.from({ length: count }, (_, index) => makeConversation({ id: `c${String(index).padStart(3, '0')}`, createdAt: at(index) })),
    connection: { status: 'online', retryAt: null, lastSyncAt: null, lastError: null },
    outboxPending: 0,
    badge: { unread: 0, queue: 0, attention: false },
  });
  inbox.setTab('all');
  return { inbox, wrapper: mountIn(ConversationList, context) };
}

describe('conversation list', () => {
  it('renders only the rows in view for a long list', async () => {
    const { wrapper } = mountList(5000);
    await settle();
    const rows = wrapper.findAll('[role="option"]');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
  });

  it('keeps the rows under the agent’s eyes in place when a new conversation arrives above them', async () => {
    const { inbox, wrapper } = mountList(200);
    await settle();
    const scroller = wrapper.get('[data-testid="conversation-list"]').element as HTMLElement;
    scroller.scrollTop = 10 * ROW + 5;
    scroller.dispatchEvent(new Event('scroll'));
    await settle();
    inbox.upsert([makeConversation({ id: 'brand-new', createdAt: at(500) })]);
    await settle();
    expect(inbox.visible[0]?.id).toBe('brand-new');
    expect(scroller.scrollTop).toBe(11 * ROW + 5);
  });

  it('lets new arrivals appear at the top when the list is scrolled to the top', async () => {
    const { inbox, wrapper } = mountList(50);
    await settle();
    const scroller = wrapper.get('[data-testid="conversation-list"]').element as HTMLElement;
    inbox.upsert([makeConversation({ id: 'brand-new', createdAt: at(500) })]);
    await settle();
    expect(scroller.scrollTop).toBe(0);
    expect(wrapper.find('[data-testid="conversation-row-brand-new"]').exists()).toBe(true);
  });

  it('moves the selection with the arrow keys', async () => {
    const { wrapper } = mountList(20);
    await settle();
    const workspace = useWorkspaceStore();
    await wrapper.get('[role="listbox"]').trigger('keydown', { key: 'ArrowDown' });
    expect(workspace.selectedId).toBe('c019');
    await wrapper.get('[role="listbox"]').trigger('keydown', { key: 'ArrowDown' });
    expect(workspace.selectedId).toBe('c018');
    await wrapper.get('[role="listbox"]').trigger('keydown', { key: 'End' });
    expect(workspace.selectedId).toBe('c000');
  });
});
