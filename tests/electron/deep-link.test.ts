import { describe, expect, it } from 'vitest';
import { conversationIdFromArgv, conversationIdFromDeepLink } from '../../src/main/electron/deep-link.ts';

describe('tiledesk-agent:// deep links', () => {
  it('opens the conversation a link points at', () => {
    expect(conversationIdFromDeepLink('tiledesk-agent://conversation/support-group-65f1-8a2b')).toBe('support-group-65f1-8a2b');
    expect(conversationIdFromDeepLink('tiledesk-agent://conversation/support-group-65f1-8a2b/')).toBe('support-group-65f1-8a2b');
    expect(conversationIdFromDeepLink('tiledesk-agent://conversation/a%40b')).toBe('a@b');
  });

  it('ignores anything that is not one of our conversation links', () => {
    for (const link of [
      'https://conversation/abc',
      'tiledesk-agent://settings/abc',
      'tiledesk-agent://conversation/',
      'tiledesk-agent://conversation/a/b',
      'tiledesk-agent://conversation/%3Cscript%3E',
      'tiledesk-agent://conversation/%E0%A4%A',
      `tiledesk-agent://conversation/${'x'.repeat(600)}`,
      'not a link',
    ]) {
      expect(conversationIdFromDeepLink(link), link).toBeNull();
    }
  });

  it('finds the link among the arguments of a second launch', () => {
    const argv = ['/opt/Tiledesk Agent/tiledesk-agent', '--no-sandbox', 'tiledesk-agent://conversation/req-42'];
    expect(conversationIdFromArgv(argv)).toBe('req-42');
    expect(conversationIdFromArgv(['/usr/bin/tiledesk-agent', '--hidden'])).toBeNull();
  });
});
