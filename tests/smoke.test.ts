import { describe, expect, it } from 'vitest';
import { invokeContract } from '../src/shared/ipc/contract.ts';

describe('ipc contract', () => {
  it('rejects a sign-in to a non-http server URL', () => {
    const parsed = invokeContract['session.signIn'].args.safeParse({ serverUrl: 'file:///etc/passwd', email: 'a@b.co', password: 'x' });
    expect(parsed.success).toBe(false);
  });
});
