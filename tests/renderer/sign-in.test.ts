// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import SignInView from '../../src/renderer/src/components/sign-in/SignInView.vue';
import { LOCAL_DEMO_URL, TILEDESK_CLOUD_URL } from '../../src/renderer/src/stores/session.ts';
import { fakeBridge, mountIn, Refusal, setUp, settle, signedIn } from './support/fake-bridge.ts';

enableAutoUnmount(afterEach);

async function fillAndSubmit(wrapper: ReturnType<typeof mountIn>, url: string | null = null) {
  if (url !== null) await wrapper.get('[data-testid="sign-in-server-url"]').setValue(url);
  await wrapper.get('[data-testid="sign-in-email"]').setValue('agent@demo.test');
  await wrapper.get('[data-testid="sign-in-password"]').setValue('demo1234');
  await wrapper.get('[data-testid="sign-in-form"]').trigger('submit');
  await settle();
}

describe('sign-in', () => {
  it('defaults to the local demo server and signs in with what was typed', async () => {
    const bridge = fakeBridge({ 'session.signIn': () => signedIn() });
    const wrapper = mountIn(SignInView, setUp(bridge, { session: { status: 'signedOut' } }), { props: { canCancel: false } });
    expect((wrapper.get('[data-testid="sign-in-server-url"]').element as HTMLInputElement).value).toBe(LOCAL_DEMO_URL);
    await fillAndSubmit(wrapper);
    expect(bridge.callsTo('session.signIn')).toEqual([{ serverUrl: LOCAL_DEMO_URL, email: 'agent@demo.test', password: 'demo1234' }]);
  });

  it('switches the address when Tiledesk cloud is chosen', async () => {
    const wrapper = mountIn(SignInView, setUp(fakeBridge(), { session: { status: 'signedOut' } }), { props: { canCancel: false } });
    await wrapper.get('[data-testid="sign-in-server-cloud"]').trigger('change');
    expect((wrapper.get('[data-testid="sign-in-server-url"]').element as HTMLInputElement).value).toBe(TILEDESK_CLOUD_URL);
  });

  it.each([
    ['invalid_credentials', 'Wrong e-mail or password.'],
    ['network', 'The server cannot be reached.'],
    ['not_tiledesk', 'does not answer like a Tiledesk server'],
    ['rate_limited', 'Too many attempts'],
  ] as const)('explains a %s refusal in plain words', async (code, text) => {
    const bridge = fakeBridge({ 'session.signIn': () => Promise.reject(new Refusal(code, 'raw core message')) });
    const wrapper = mountIn(SignInView, setUp(bridge, { session: { status: 'signedOut' } }), { props: { canCancel: false } });
    await fillAndSubmit(wrapper);
    expect(wrapper.get('[data-testid="sign-in-error"]').text()).toContain(text);
    expect((wrapper.get('[data-testid="sign-in-password"]').element as HTMLInputElement).value).toBe('');
  });

  it('refuses a non-http address before calling the core', async () => {
    const bridge = fakeBridge({ 'session.signIn': () => signedIn() });
    const wrapper = mountIn(SignInView, setUp(bridge, { session: { status: 'signedOut' } }), { props: { canCancel: false } });
    await fillAndSubmit(wrapper, 'javascript:alert(1)');
    expect(bridge.callsTo('session.signIn')).toEqual([]);
    expect(wrapper.text()).toContain('Enter an http:// or https:// address.');
    expect(wrapper.get('[data-testid="sign-in-submit"]').attributes('disabled')).toBeDefined();
  });

  it('prefills the server and e-mail of an expired session', () => {
    const expired = { status: 'expired' as const, serverUrl: 'https://support.example.com/api', user: signedIn().user, project: signedIn().project };
    const wrapper = mountIn(SignInView, setUp(fakeBridge(), { session: expired }), { props: { canCancel: true } });
    expect(wrapper.text()).toContain('Session expired');
    expect((wrapper.get('[data-testid="sign-in-server-url"]').element as HTMLInputElement).value).toBe('https://support.example.com/api');
    expect((wrapper.get('[data-testid="sign-in-email"]').element as HTMLInputElement).value).toBe('me@demo.test');
  });

  it('shows the Italian text when the locale is Italian', async () => {
    const bridge = fakeBridge({ 'session.signIn': () => Promise.reject(new Refusal('invalid_credentials')) });
    const wrapper = mountIn(SignInView, setUp(bridge, { session: { status: 'signedOut' }, locale: 'it' }), { props: { canCancel: false } });
    expect(wrapper.text()).toContain('Accedi a Tiledesk');
    await fillAndSubmit(wrapper);
    expect(wrapper.get('[data-testid="sign-in-error"]').text()).toBe('E-mail o password errate.');
  });
});
