// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import { splitLinks } from '../../src/renderer/src/lib/linkify.ts';
import LinkifiedText from '../../src/renderer/src/components/conversation/LinkifiedText.vue';
import MessageRow from '../../src/renderer/src/components/conversation/MessageRow.vue';
import { makeMessage } from '../helpers/domain-fixtures.ts';
import { fakeBridge, mountIn, setUp, settle } from './support/fake-bridge.ts';

enableAutoUnmount(afterEach);

describe('link detection', () => {
  it('links http, https and e-mail addresses', () => {
    const parts = splitLinks('See https://example.com/a?b=1 or write to help@example.com, or www.example.org');
    expect(parts.filter((part) => part.kind === 'link').map((part) => part.kind === 'link' && part.href)).toEqual([
      'https://example.com/a?b=1',
      'mailto:help@example.com',
      'https://www.example.org',
    ]);
  });

  it('ends a link where pasted markup begins, so the text after it is not part of the link', () => {
    const links = (text: string) => splitLinks(text).flatMap((part) => (part.kind === 'link' ? [{ text: part.text, href: part.href }] : []));
    expect(links('https://evil.example/steal?c=1">Open')).toEqual([{ text: 'https://evil.example/steal?c=1', href: 'https://evil.example/steal?c=1' }]);
    expect(links('<a href="https://evil.example/steal?c=1">Open your invoice</a>')).toEqual([{ text: 'https://evil.example/steal?c=1', href: 'https://evil.example/steal?c=1' }]);
    expect(links("see 'https://example.com/a.'")).toEqual([{ text: 'https://example.com/a', href: 'https://example.com/a' }]);
    expect(links('<https://example.com/path>')).toEqual([{ text: 'https://example.com/path', href: 'https://example.com/path' }]);
    expect(links('https://a.example/"https://b.example/x').map((link) => link.href)).toEqual(['https://a.example/', 'https://b.example/x']);
    // Nothing is lost: the parts still spell the whole message.
    const text = 'Your refund: https://evil.example/steal?c=1">Open</a> today.';
    expect(splitLinks(text).map((part) => part.text).join('')).toBe(text);
  });

  it('never links javascript:, data: or file: URLs', () => {
    for (const text of ['javascript:alert(document.cookie)', 'click javascript://%0aalert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd']) {
      expect(splitLinks(text).some((part) => part.kind === 'link' && !/^https?:|^mailto:/.test(part.href))).toBe(false);
      expect(splitLinks(text).map((part) => part.text).join('')).toBe(text);
    }
  });

  it('renders HTML in a message as visible text, never as elements', () => {
    const context = setUp(fakeBridge());
    const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><b>bold</b>';
    const wrapper = mountIn(LinkifiedText, context, { props: { text: hostile } });
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('script').exists()).toBe(false);
    expect(wrapper.find('b').exists()).toBe(false);
    expect(wrapper.text()).toBe(hostile);
  });

  it('opens links through the core instead of navigating the app window', async () => {
    const bridge = fakeBridge({ 'app.openExternal': () => true });
    const context = setUp(bridge);
    const wrapper = mountIn(LinkifiedText, context, { props: { text: 'docs at https://tiledesk.com/docs' } });
    const link = wrapper.get('a');
    expect(link.attributes('href')).toBe('https://tiledesk.com/docs');
    await link.trigger('click');
    await settle();
    expect(bridge.callsTo('app.openExternal')).toEqual([{ url: 'https://tiledesk.com/docs' }]);
  });
});

describe('untrusted message content', () => {
  it('loads an image only for image messages with an http(s) source', () => {
    const context = setUp(fakeBridge());
    const good = mountIn(MessageRow, context, {
      props: { message: makeMessage({ id: 'i1', conversationId: 'c', type: 'image', text: 'photo.png', metadata: { src: 'https://files.example.com/p.png', width: 400, height: 300 } }), showHeader: true },
    });
    expect(good.get('img').attributes('src')).toBe('https://files.example.com/p.png');

    for (const src of ['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', 'file:///etc/passwd']) {
      const bad = mountIn(MessageRow, context, {
        props: { message: makeMessage({ id: 'i2', conversationId: 'c', type: 'image', text: 'x', metadata: { src } }), showHeader: true },
      });
      expect(bad.find('img').exists()).toBe(false);
    }
    const textWithUrl = mountIn(MessageRow, context, {
      props: { message: makeMessage({ id: 't', conversationId: 'c', text: 'https://tracker.example.com/pixel.gif', metadata: { src: 'https://tracker.example.com/pixel.gif' } }), showHeader: true },
    });
    expect(textWithUrl.find('img').exists()).toBe(false);
  });

  it('shows quick-reply buttons read-only and ignores malformed ones', () => {
    const context = setUp(fakeBridge());
    const message = makeMessage({
      id: 'b',
      conversationId: 'c',
      author: 'bot',
      text: 'Pick one',
      attributes: { attachment: { type: 'template', buttons: [{ type: 'text', value: 'Sales' }, { type: 'url', value: 'Docs', link: 'javascript:alert(1)' }, { bogus: true }, 'x'] } },
    });
    const wrapper = mountIn(MessageRow, context, { props: { message, showHeader: true } });
    const chips = wrapper.findAll('.quick-replies li');
    expect(chips.map((chip) => chip.text())).toEqual(['Sales', 'Docs']);
    expect(wrapper.find('.quick-replies a').exists()).toBe(false);
    expect(wrapper.find('.quick-replies button').exists()).toBe(false);
  });

  it('shows system messages as a centred info line, apart from chat bubbles', () => {
    const context = setUp(fakeBridge());
    const wrapper = mountIn(MessageRow, context, {
      props: { message: makeMessage({ id: 's', conversationId: 'c', author: 'system', sender: 'system', text: 'Chat closed', attributes: { subtype: 'info/support' } }), showHeader: true },
    });
    expect(wrapper.get('[data-author="system"]').classes()).toContain('system');
    expect(wrapper.find('.bubble').exists()).toBe(false);
  });
});
