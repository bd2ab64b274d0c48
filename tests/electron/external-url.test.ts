import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../src/main/electron/external-url.ts';
import { isAppUrl } from '../../src/main/electron/app-origin.ts';

describe('links leaving the app', () => {
  it('opens plain web links in the OS browser', () => {
    expect(isSafeExternalUrl('https://tiledesk.com/docs?x=1#y')).toBe(true);
    expect(isSafeExternalUrl('http://intranet.local/page')).toBe(true);
  });

  it('opens mailto: only when the core asks for it (a visitor\'s address), never from a new window', () => {
    expect(isSafeExternalUrl('mailto:visitor@example.com', { allowMailto: true })).toBe(true);
    expect(isSafeExternalUrl('mailto:visitor@example.com')).toBe(false);
  });

  it('refuses every other scheme, credentials and junk', () => {
    for (const url of ['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'ms-msdt:/id', 'tiledesk-agent://conversation/x', 'https://user:pw@host/', 'https://', 'mailto:a@b.c', `https://x.test/${'a'.repeat(5000)}`, 42, null]) {
      expect(isSafeExternalUrl(url), String(url)).toBe(false);
    }
  });
});

describe('which frames are our renderer', () => {
  it('accepts only the app:// origin (and the dev server in development)', () => {
    expect(isAppUrl('app://renderer/index.html')).toBe(true);
    expect(isAppUrl('app://renderer/')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://renderer/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl('about:blank')).toBe(false);
  });
});
