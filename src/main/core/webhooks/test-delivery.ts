/**
 * "Send test event": Tiledesk servers have no test-delivery route, so the app itself POSTs to the webhook's
 * target a delivery shaped like the server's (protocol doc §7): same headers, `{timestamp, payload, hook, token}`,
 * `token` a JWT signed with the subscription's secret. Sent from this computer, once (no retries), redirects
 * not followed, the answer's body not read. No `Origin`: it is the server's own WEBHOOK_ORIGIN setting, unknown here.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignJWT } from 'jose';
import { isServerUrl } from '../../../shared/constants.ts';
import type { WebhookTestResult } from '../../../shared/ipc/contract.ts';
import { AgentError } from '../../../shared/ipc/errors.ts';
import { asString, idOf, type WireRecord } from '../api/wire-read.ts';

export const TEST_DELIVERY_TIMEOUT_MS = 10_000;

export interface TestDelivery {
  /** The subscription as `GET /:P/subscriptions/:id` answers it. */
  subscription: WireRecord;
  /** Null when this computer never saw the secret (the webhook was created elsewhere). */
  secret: string | null;
  payload: Record<string, unknown>;
  timeoutMs?: number;
}

/** The hook as deliveries carry it: the subscription without its secret (or the `global` flag, as captured). */
function hookOf(subscription: WireRecord): WireRecord {
  const { secret: _secret, global: _global, ...hook } = subscription;
  return hook;
}

/** Signed like the server's notifier: the hook as claims, HS256 with the secret, subscription audience. */
function signDeliveryToken(hook: WireRecord, id: string, secret: string): Promise<string> {
  return new SignJWT({ ...hook })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setAudience(`https://tiledesk.com/subscriptions/${id}`)
    .setIssuer('https://tiledesk.com')
    .setSubject('subscription')
    .sign(new TextEncoder().encode(secret));
}

export async function sendTestDelivery({ subscription, secret, payload, timeoutMs = TEST_DELIVERY_TIMEOUT_MS }: TestDelivery): Promise<WebhookTestResult> {
  const id = idOf(subscription);
  const target = asString(subscription.target);
  if (!id || target === null) throw new AgentError('server', 'The server answered with something that is not a webhook subscription.');
  if (!isServerUrl(target)) {
    throw new AgentError('invalid_argument', 'Only webhooks with an http:// or https:// target (without a user name or password) can be tested.');
  }
  const hook = hookOf(subscription);
  const body = JSON.stringify({
    timestamp: Date.now(),
    payload,
    hook,
    ...(secret ? { token: await signDeliveryToken(hook, id, secret) } : {}),
  });
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    'User-Agent': 'tiledesk-webhooks',
    'Content-Length': String(Buffer.byteLength(body)),
    ...(secret ? { 'x-hook-secret': secret } : {}),
  };
  const secretKnown = Boolean(secret);
  const sentAt = new Date().toISOString();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const status = await post(new URL(target), headers, body, timeoutMs);
    return { delivered: status >= 200 && status < 300, status, durationMs: elapsed(), error: null, sentAt, secretKnown };
  } catch (error) {
    return { delivered: false, status: null, durationMs: elapsed(), error: describeFailure(error), sentAt, secretKnown };
  }
}

class DeliveryTimeout extends Error {
  constructor() {
    super('timed out');
    this.name = 'DeliveryTimeout';
  }
}

/** Resolves with the status as soon as the response head arrives; the body is dropped unread. */
function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, { method: 'POST', headers }, (response: IncomingMessage) => {
      clearTimeout(timer);
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    const timer = setTimeout(() => request.destroy(new DeliveryTimeout()), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

const networkFailures: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  EPROTO: 'TLS handshake failed (is the target really https?)',
};

/** A short, plain reason for the result line: "connection refused", "timed out", "TLS certificate rejected (…)". */
function describeFailure(error: unknown): string {
  if (error instanceof DeliveryTimeout) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (networkFailures[code]) return networkFailures[code];
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)) return `TLS certificate rejected (${code})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 200);
}
