// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import SignInView from '../../src/renderer/src/components/sign-in/SignInView.vue';
import { useAppStatusStore } from '../../src/renderer/src/stores/app-status.ts';
import { TILEDESK_CLOUD_URL } from '../../src/renderer/src/stores/session.ts';
import { fakeBridge, mountIn, Refusal, setUp, settle, signedIn } from './support/fake-bridge.ts';

enableAutoUnmount(afterEach);

async function fillAndSubmit(wrapper: ReturnType<typeof mountIn>, url: string | null = null) {
  if (url !== null) await wrapper.get('[data-testid="sign-in-server-url"]').setValue(url);
  await wrapper.get('[data-testid="sign-in-email"]').setValue('agent@demo.test');
  await wrapper.get('[data-testid="sign-in-password"]').setValue('demo1234');
  await wrapper.get('[data-testid="sign-in-form"]').trigger('submit');
  await settle();
}

function urlField(wrapper: ReturnType<typeof mountIn>): string {
  return (wrapper.get('[data-testid="sign-in-server-url"]').element as HTMLInputElement).value;
}

describe('sign-in', () => {
  it('offers the local demo server the host started, preselected at its real port, and signs in there', async () => {
    const bridge = fakeBridge({ 'session.signIn': () => signedIn() });
    const context = setUp(bridge, { session: { status: 'signedOut', lastServerUrl: 'https://support.example.com/api', lastEmail: 'me@demo.test' } });
    useAppStatusStore().hostInfo = { host: 'browser', version: '1.0.0', platform: 'linux', localServerUrl: 'http://127.0.0.1:41234/' };
    const wrapper = mountIn(SignInView, context, { props: { canCancel: false } });
    expect((wrapper.get('[data-testid="sign-in-server-local"]').element as HTMLInputElement).checked).toBe(true);
    expect(urlField(wrapper)).toBe('http://127.0.0.1:41234');
    await fillAndSubmit(wrapper);
    expect(bridge.callsTo('session.signIn')).toEqual([{ serverUrl: 'http://127.0.0.1:41234', email: 'agent@demo.test', password: 'demo1234' }]);
  });

  it('offers no demo server when the host knows none, and starts from Tiledesk cloud', () => {
    const context = setUp(fakeBridge(), { session: { status: 'signedOut' } });
    useAppStatusStore().hostInfo = { host: 'electron', version: '1.0.0', platform: 'darwin', localServerUrl: null };
    const wrapper = mountIn(SignInView, context, { props: { canCancel: false } });
    expect(wrapper.find('[data-testid="sign-in-server-local"]').exists()).toBe(false);
    expect(wrapper.findAll('input[type="radio"]')).toHaveLength(2);
    expect((wrapper.get('[data-testid="sign-in-server-cloud"]').element as HTMLInputElement).checked).toBe(true);
    expect(urlField(wrapper)).toBe(TILEDESK_CLOUD_URL);
  });

  it('prefills the server and e-mail used last time', () => {
    const wrapper = mountIn(SignInView, setUp(fakeBridge(), { session: { status: 'signedOut', lastServerUrl: 'https://support.example.com/api', lastEmail: 'me@demo.test' } }), {
      props: { canCancel: false },
    });
    expect((wrapper.get('[data-testid="sign-in-server-selfHosted"]').element as HTMLInputElement).checked).toBe(true);
    expect(urlField(wrapper)).toBe('https://support.example.com/api');
    expect((wrapper.get('[data-testid="sign-in-email"]').element as HTMLInputElement).value).toBe('me@demo.test');
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
