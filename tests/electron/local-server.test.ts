import { describe, expect, it } from 'vitest';
import { parseLocalServerUrl } from '../../src/main/electron/local-server.ts';

describe('the local demo server address handed to the hosts', () => {
  it('is absent unless the demo script sets it', () => {
    expect(parseLocalServerUrl(undefined)).toBeNull();
    expect(parseLocalServerUrl('  ')).toBeNull();
  });

  it('keeps the port the demo picked and drops trailing slashes', () => {
    expect(parseLocalServerUrl('http://127.0.0.1:41234/')).toBe('http://127.0.0.1:41234');
  });

  it('refuses anything that is not an http(s) address', () => {
    expect(() => parseLocalServerUrl('javascript:alert(1)')).toThrow(/http\(s\) URL/);
    expect(() => parseLocalServerUrl('http://user:secret@127.0.0.1:3000')).toThrow(/without credentials/);
  });
});
