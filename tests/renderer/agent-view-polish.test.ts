// @vitest-environment happy-dom
/**
 * What the agent sees of a conversation's fields and messages: readable channel and language names, the source
 * page on one line, every message's time, unsent replies that look unsent, and untrusted text that cannot
 * disguise itself with bidi controls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import ConversationRow from '../../src/renderer/src/components/inbox/ConversationRow.vue';
import SidePanel from '../../src/renderer/src/components/side-panel/SidePanel.vue';
import MessageRow from '../../src/renderer/src/components/conversation/MessageRow.vue';
import { revealBidiControls } from '../../src/renderer/src/lib/bidi.ts';
import { languageName } from '../../src/renderer/src/lib/conversation-labels.ts';
import { buildEntries } from '../../src/renderer/src/lib/message-entries.ts';
import { isMacPlatform, modifierKeyLabel, paletteShortcut } from '../../src/renderer/src/lib/platform.ts';
import type { Conversation, Message } from '../../src/shared/domain.ts';
import { makeConversation, makeMessage } from '../helpers/domain-fixtures.ts';
import { fakeBridge, mountIn, setUp } from './support/fake-bridge.ts';

enableAutoUnmount(afterEach);

function row(conversation: Conversation, locale: 'en' | 'it' = 'en') {
  const context = setUp(fakeBridge(), { locale });
  return mountIn(ConversationRow, context, {
    props: { conversation, selected: false, focusable: true, position: 1, setSize: 1, myUserId: 'me', now: Date.parse('2026-01-10T10:00:00.000Z'), tab: 'mine' },
  });
}

function panel(conversation: Conversation, locale: 'en' | 'it' = 'en') {
  return mountIn(SidePanel, setUp(fakeBridge(), { locale }), { props: { conversation } });
}

function messageRow(message: Message, props: { showHeader?: boolean; lastInGroup?: boolean } = {}) {
  return mountIn(MessageRow, setUp(fakeBridge()), { props: { message, showHeader: props.showHeader ?? true, lastInGroup: props.lastInGroup ?? true } });
}

/** The value next to a label in the side panel. */
function field(wrapper: ReturnType<typeof panel>, label: string) {
  const term = wrapper.findAll('dt').find((dt) => dt.text() === label);
  if (!term) throw new Error(`no ${label} field`);
  return term.element.nextElementSibling as HTMLElement;
}

describe('channel and language', () => {
  it('does not label web-chat conversations in the inbox, and names the other channels', () => {
    expect(row(makeConversation({ id: 'w', channel: 'chat21' })).find('[data-testid="conversation-channel"]').exists()).toBe(false);
    expect(row(makeConversation({ id: 'a', channel: 'whatsapp' })).get('[data-testid="conversation-channel"]').text()).toBe('WhatsApp');
    expect(row(makeConversation({ id: 'e', channel: 'email' }), 'it').get('[data-testid="conversation-channel"]').text()).toBe('E-mail');
    expect(row(makeConversation({ id: 'x', channel: 'acme-bridge' })).get('[data-testid="conversation-channel"]').text()).toBe('acme-bridge');
  });

  it('says "Web chat" and the language name in the side panel, in the UI language', () => {
    const english = panel(makeConversation({ id: 'c', channel: 'chat21', language: 'it' }));
    expect(english.get('[data-testid="conversation-channel"]').text()).toBe('Web chat');
    expect(english.get('[data-testid="visitor-language"]').text()).toBe('Italian');
    expect(english.get('[data-testid="visitor-language"]').attributes('title')).toBe('it');
    const italian = panel(makeConversation({ id: 'c', channel: 'form', language: 'es' }), 'it');
    expect(italian.get('[data-testid="conversation-channel"]').text()).toBe('Modulo di contatto');
    expect(italian.get('[data-testid="visitor-language"]').text()).toBe('spagnolo');
  });

  it('shows a language tag Intl cannot read as it came', () => {
    expect(languageName('not a tag!', 'en')).toBe('not a tag!');
  });
});

describe('source page', () => {
  const long = 'https://shop.example.com/orders/10452/details?utm_source=newsletter&utm_medium=email&utm_campaign=winter-sale-2026';

  it('is one line, with the whole address as its tooltip, and a link that opens outside the app', () => {
    const wrapper = panel(makeConversation({ id: 'c', sourcePage: long }));
    const cell = wrapper.get('[data-testid="source-page"]');
    expect(cell.classes()).toContain('one-line');
    expect(cell.attributes('title')).toBe(long);
    expect(cell.get('a').attributes('href')).toBe(long);
    expect(cell.get('a').attributes('rel')).toContain('noopener');
  });

  it('is plain text when it is not an http(s) address', () => {
    const wrapper = panel(makeConversation({ id: 'c', sourcePage: 'javascript:alert(document.cookie)' }));
    const cell = wrapper.get('[data-testid="source-page"]');
    expect(cell.find('a').exists()).toBe(false);
    expect(cell.text()).toBe('javascript:alert(document.cookie)');
  });
});

describe('message times', () => {
  const at = (minute: number) => Date.parse(`2026-01-10T09:${String(minute).padStart(2, '0')}:00`);
  const fromVisitor = (id: string, minute: number) => makeMessage({ id, conversationId: 'c', sortKey: at(minute), createdAt: new Date(at(minute)).toISOString() });

  it('marks the last message of each group, so its time always shows', () => {
    const entries = buildEntries([fromVisitor('a', 0), fromVisitor('b', 1), fromVisitor('c', 2), makeMessage({ id: 'd', conversationId: 'c', sender: 'me', author: 'me', sortKey: at(3) }), fromVisitor('e', 4)]);
    const messages = entries.flatMap((entry) => (entry.kind === 'message' ? [[entry.message.id, entry.showHeader, entry.lastInGroup]] : []));
    expect(messages).toEqual([
      ['a', true, false],
      ['b', false, false],
      ['c', false, true],
      ['d', true, true],
      ['e', true, true],
    ]);
  });

  it('gives every grouped message its own time: shown on the last one, on hover or focus for the others', () => {
    const middle = messageRow(fromVisitor('b', 1), { showHeader: false, lastInGroup: false });
    const last = messageRow(fromVisitor('c', 2), { showHeader: false, lastInGroup: true });
    expect(middle.get('[data-testid="message-time"]').text()).toBe('9:01 AM');
    expect(middle.get('[data-testid="message-time"]').classes()).not.toContain('always');
    expect(last.get('[data-testid="message-time"]').text()).toBe('9:02 AM');
    expect(last.get('[data-testid="message-time"]').classes()).toContain('always');
    // The first of a group has its time in the header, not twice.
    expect(messageRow(fromVisitor('a', 0)).find('[data-testid="message-time"]').exists()).toBe(false);
  });
});

describe('replies not on the server yet', () => {
  const reply = (delivery: Message['delivery']) =>
    makeMessage({ id: 'local:x', clientId: 'x', conversationId: 'c', sender: 'me', author: 'me', text: 'On it', delivery, deliveryError: delivery === 'failed' ? 'Server answered 500' : null });

  it('look unsent: a waiting reply is muted with a clock and "Waiting to send"; a sent one has no marks', () => {
    const waiting = messageRow(reply('pending'));
    expect(waiting.get('.message').classes()).toContain('unsent');
    expect(waiting.get('[data-testid="message-delivery"]').text()).toBe('Waiting to send');
    expect(waiting.find('[data-testid="message-delivery"] svg').exists()).toBe(true);
    const sent = messageRow({ ...reply('sent'), id: 'srv-1' });
    expect(sent.get('.message').classes()).not.toContain('unsent');
    expect(sent.find('[data-testid="message-delivery"]').exists()).toBe(false);
  });

  it('a failed reply is outlined as failed and offers Retry and Discard', () => {
    const failed = messageRow(reply('failed'));
    expect(failed.get('.message').classes()).toContain('delivery-failed');
    expect(failed.get('[data-testid="message-delivery"]').text()).toContain('Not sent: Server answered 500');
    expect(failed.find('[data-testid="message-retry"]').exists()).toBe(true);
    expect(failed.find('[data-testid="message-discard"]').exists()).toBe(true);
  });
});

describe('bidi spoofing', () => {
  it('makes override and isolate controls visible and drops the invisible marks', () => {
    expect(revealBidiControls('\u202Efdp.exe')).toBe('⟨RLO⟩fdp.exe');
    expect(revealBidiControls('a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk')).toBe('a⟨LRE⟩b⟨RLE⟩c⟨PDF⟩d⟨LRO⟩e⟨LRI⟩f⟨RLI⟩g⟨FSI⟩h⟨PDI⟩ijk');
    expect(revealBidiControls('مرحبا, hello')).toBe('مرحبا, hello');
  });

  it('shows a spoofed name and message with their controls visible, each isolated from the text around it', () => {
    const spoofed = makeConversation({
      id: 's',
      visitor: { id: 'v', name: 'Bob \u202Egnp.exe', email: null, attributes: { file: '\u202Efdp.exe' } },
      lastMessage: { text: 'Invoice: \u202Efdp.exe', type: 'text', sender: 'v', senderFullname: 'Bob', createdAt: '2026-01-10T09:00:00.000Z' },
    });
    const inboxRow = row(spoofed);
    expect(inboxRow.get('.name').text()).toBe('Bob ⟨RLO⟩gnp.exe');
    expect(inboxRow.get('.name').attributes('dir')).toBe('auto');
    expect(inboxRow.get('.preview').text()).toBe('Invoice: ⟨RLO⟩fdp.exe');

    const details = panel(spoofed);
    expect(details.get('[data-testid="visitor-name"]').text()).toBe('Bob ⟨RLO⟩gnp.exe');
    expect(field(details, 'file').textContent?.trim()).toBe('⟨RLO⟩fdp.exe');

    const message = messageRow(makeMessage({ id: 'm', conversationId: 's', senderFullname: 'Bob \u202Egnp.exe', text: 'Your invoice: \u202Efdp.exe\u202C (open it)' }));
    expect(message.get('.sender').text()).toBe('Bob ⟨RLO⟩gnp.exe');
    expect(message.get('.bubble').text()).toBe('Your invoice: ⟨RLO⟩fdp.exe⟨PDF⟩ (open it)');
    expect(message.get('.bubble').attributes('dir')).toBe('auto');
    expect(message.html()).not.toContain('\u202E');
  });
});

describe('shortcut hints', () => {
  it('use ⌘ on macOS and Ctrl elsewhere', () => {
    expect(isMacPlatform({ userAgentData: { platform: 'macOS' } })).toBe(true);
    expect(isMacPlatform({ platform: 'MacIntel' })).toBe(true);
    expect(modifierKeyLabel({ platform: 'MacIntel' })).toBe('⌘');
    expect(modifierKeyLabel({ platform: 'Win32' })).toBe('Ctrl');
    expect(modifierKeyLabel({ userAgentData: { platform: 'Linux' }, platform: 'Linux x86_64' })).toBe('Ctrl');
    expect(paletteShortcut({ userAgentData: { platform: 'macOS' } })).toBe('⌘K');
    expect(paletteShortcut({ platform: 'Win32' })).toBe('Ctrl+K');
  });
});
