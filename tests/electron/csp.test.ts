import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, rendererSecurityHeaders, serverOrigin } from '../../src/main/electron/csp.ts';

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name ?? '', values]));
}

describe('renderer content security policy', () => {
  it('allows nothing remote but images from the signed-in server', () => {
    const policy = directives(contentSecurityPolicy('https://support.example.com/v3/'));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https://support.example.com']);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('has no inline or eval allowance anywhere', () => {
    const policy = contentSecurityPolicy('http://127.0.0.1:3000');
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('signed out: images only from the app itself', () => {
    expect(directives(contentSecurityPolicy(null)).get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('never lets a hostile server URL inject directives into the header', () => {
    for (const hostile of ["https://x.test; script-src 'unsafe-inline'", 'javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      const policy = contentSecurityPolicy(hostile);
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('javascript');
      expect(policy).not.toContain('file:');
      expect(directives(policy).get('script-src')).toEqual(["'self'"]);
    }
    expect(serverOrigin("https://x.test; script-src 'unsafe-inline'")).toBeNull();
  });

  it('comes with nosniff and no framing on every response', () => {
    const headers = rendererSecurityHeaders(null);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy(null));
  });
});
