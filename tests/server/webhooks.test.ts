/**
 * Webhooks (§7) delivered to a real local HTTP receiver: subscription routes, delivery headers and body
 * (compared with captured deliveries), the per-subscription signed token, and the retry policy.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectShape, fixture, sleep, startTestServer, type Api, type Json, type TestServer } from './helpers.ts';

interface Delivery {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Json;
  at: number;
}

/** Records every POST and answers with the status `respond` picks (200 by default). */
class Receiver {
  readonly deliveries: Delivery[] = [];
  respond: (delivery: Delivery) => number = () => 200;
  readonly #server: Server;
  url = '';

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const delivery = { path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()), at: Date.now() };
        this.deliveries.push(delivery);
        res.statusCode = this.respond(delivery);
        res.end('ok');
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  to(path: string): Delivery[] {
    return this.deliveries.filter((d) => d.path === path);
  }

  async waitFor(path: string, count: number, timeoutMs = 3000): Promise<Delivery[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(path).length < count) {
      if (Date.now() > deadline) throw new Error(`${path}: ${this.to(path).length} of ${count} deliveries`);
      await sleep(10);
    }
    return this.to(path);
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

const EVENTS = ['message.create', 'request.create', 'request.update', 'request.close', 'project_user.update'];
/** Fields that depend on the conversation's history or the accounts, not on the server. */
const OPTIONAL = ['payload.subject', 'payload.first_response_at', 'payload.waiting_time', '**.profileStatus', '**.phone'];

let server: TestServer;
let api: Api;
let receiver: Receiver;
let owner: string;
let P: string;
const secrets = new Map<string, string>();
let captured: Record<string, { headers: Record<string, string>; body: Json }>;

beforeAll(async () => {
  captured = (await fixture<{ deliveries: typeof captured }>('webhook-deliveries')).deliveries;
  receiver = new Receiver();
  await receiver.start();
  server = await startTestServer({ seed: true, webhookRetryBaseMs: 50 });
  api = server.api;
  if (!server.seed) throw new Error('no seed');
  P = server.seed.projectId;
  owner = await api.signin(server.seed.users.owner.email, server.seed.password);
});

afterAll(async () => {
  await server.stop();
  await receiver.stop();
});

describe('subscription routes', () => {
  it('creates one subscription per event with its own secret; a duplicate returns the existing one', async () => {
    for (const event of EVENTS) {
      const created = await api.post(`/${P}/subscriptions`, { token: owner, body: { event, target: `${receiver.url}/${event}` } });
      expect(created.status).toBe(200);
      expect(created.headers.get('x-hook-secret')).toBe(created.body.secret);
      secrets.set(event, created.body.secret);
    }
    expect(new Set(secrets.values()).size).toBe(EVENTS.length);
    const again = await api.post(`/${P}/subscriptions`, { token: owner, body: { event: 'request.create', target: `${receiver.url}/request.create` } });
    expect(again.body.secret).toBe(secrets.get('request.create'));
    expect((await api.get(`/${P}/subscriptions`, { token: owner })).body).toHaveLength(EVENTS.length);
  });

  it('validates, updates, and refuses agents', async () => {
    const invalid = await api.post(`/${P}/subscriptions`, { token: owner, body: { event: 'message.create', target: 'not a url' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors[0]).toMatchObject({ param: 'target', msg: 'Invalid value' });
    const agent = await api.signin('agent@demo.test', 'demo1234');
    const refused = await api.get(`/${P}/subscriptions`, { token: agent });
    expect(refused).toMatchObject({ status: 403, body: { success: false, msg: 'you dont have the required role.' } });
    const created = await api.post(`/${P}/subscriptions`, { token: owner, body: { event: 'lead.create', target: `${receiver.url}/x` } });
    const updated = await api.put(`/${P}/subscriptions/${created.body._id}`, { token: owner, body: { target: `${receiver.url}/y` } });
    expect(updated.body).toMatchObject({ target: `${receiver.url}/y`, event: 'lead.create' });
    expect(updated.body).not.toHaveProperty('secret');
    expect((await api.delete(`/${P}/subscriptions/${created.body._id}`, { token: owner })).status).toBe(200);
  });
});

describe('deliveries', () => {
  let requestId: string;

  it('POSTs request.create, message.create and project_user.update with the documented headers, body and token', async () => {
    const visitor = await api.guest(P, 'John');
    requestId = `support-group-${P}-${crypto.randomUUID().replaceAll('-', '')}`;
    await api.post(`/${P}/requests/${requestId}/messages`, {
      token: visitor.token,
      body: { text: 'hello, I need help', sourcePage: 'https://example.com/page', language: 'en', userAgent: 'curl-test', attributes: { client: 'test' } },
    });
    for (const event of ['request.create', 'message.create', 'project_user.update']) {
      const [delivery] = await receiver.waitFor(`/${event}`, 1);
      if (!delivery) throw new Error('no delivery');
      const example = captured[event];
      if (!example) throw new Error(`no captured ${event}`);
      expect(delivery.headers).toMatchObject({
        'content-type': 'application/json', 'x-hook-secret': secrets.get(event), 'user-agent': 'tiledesk-webhooks', origin: server.url,
      });
      expectShape(delivery.body, example.body, OPTIONAL);
      expect(delivery.body.hook).not.toHaveProperty('secret');
      expect(delivery.body.hook.event).toBe(event);
      const { payload } = await jwtVerify(delivery.body.token, new TextEncoder().encode(secrets.get(event)));
      expect(payload).toMatchObject({ sub: 'subscription', iss: 'https://tiledesk.com', aud: `https://tiledesk.com/subscriptions/${delivery.body.hook._id}`, event });
      expect(Math.abs(delivery.body.timestamp - Date.now())).toBeLessThan(10_000);
    }
    expect(receiver.to('/request.create')[0]?.body.payload.request_id).toBe(requestId);
    expect(receiver.to('/message.create')[0]?.body.payload.request.request_id).toBe(requestId);
  });

  it('fires request.update and request.close (with all messages) on close', async () => {
    await api.put(`/${P}/requests/${requestId}/close`, { token: owner });
    const [update] = await receiver.waitFor('/request.update', 1);
    expect(update?.body.payload.status).toBe(1000);
    const [close] = await receiver.waitFor('/request.close', 1);
    if (!close) throw new Error('no close');
    expectShape(close.body, captured['request.close']?.body, OPTIONAL);
    expect(close.body.payload.messages.map((m: Json) => m.text)).toEqual(['hello, I need help']);
    const closedMessage = await receiver.waitFor('/message.create', 2);
    expect(closedMessage[1]?.body.payload.text).toBe('Chat closed');
  });

  /** Deliveries of project_user.update whose payload carries the given status text. */
  const withStatus = (text: string) => receiver.to('/project_user.update').filter((d) => d.body.payload.profileStatus === text);
  const waitStatus = async (text: string, count: number) => {
    const deadline = Date.now() + 3000;
    while (withStatus(text).length < count && Date.now() < deadline) await sleep(10);
    await sleep(300);
    return withStatus(text);
  };

  /** Answers deliveries carrying `text` as status text with `statuses` in turn, then 200. */
  const answer = (text: string, statuses: number[]) => {
    receiver.respond = (d) => (d.body.payload.profileStatus === text ? statuses.shift() ?? 200 : 200);
  };

  it('retries after a 500 and stops at the first 2xx', async () => {
    answer('retry-me', [500]);
    await api.put(`/${P}/project_users/`, { token: owner, body: { profileStatus: 'retry-me' } });
    const attempts = await waitStatus('retry-me', 2);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]?.body).toEqual(attempts[0]?.body);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(45);
  });

  it('gives up after two retries on 503/429 and does not retry a 4xx', async () => {
    answer('failing', [503, 429, 503, 503]);
    await api.put(`/${P}/project_users/`, { token: owner, body: { profileStatus: 'failing' } });
    const failing = await waitStatus('failing', 3);
    expect(failing).toHaveLength(3);
    expect((failing[2]?.at ?? 0) - (failing[1]?.at ?? 0)).toBeGreaterThanOrEqual(90);
    answer('gone', [404]);
    await api.put(`/${P}/project_users/`, { token: owner, body: { profileStatus: 'gone' } });
    expect(await waitStatus('gone', 1)).toHaveLength(1);
  });
});
