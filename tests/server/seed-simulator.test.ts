/** The demo seed (created once, realistic content) and the visitor simulator (widget-like, bounded). */
import { inflateSync } from 'node:zlib';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotPng, startSimulator } from '../../server/simulator.ts';
import { sleep, startTestServer, type Json } from './helpers.ts';

describe('seed', () => {
  it('creates the demo project once, with accounts, departments and conversations in every state', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tiledesk-seed-'));
    try {
      const server = await startTestServer({ seed: true, dataDir });
      const { api, seed } = server;
      if (!seed) throw new Error('no seed');
      expect(seed.projectName).toBe('Demo Support');
      const owner = await api.signin('owner@demo.test', 'demo1234');
      const alice = await api.signin('agent@demo.test', 'demo1234');
      await api.signin('agent2@demo.test', 'demo1234');
      const P = seed.projectId;
      const projects = (await api.get('/projects/', { token: alice })).body;
      expect(projects.map((m: Json) => [m.id_project.name, m.role])).toEqual([['Demo Support', 'agent']]);
      expect((await api.get(`/${P}/project_users/me`, { token: owner })).body[0].role).toBe('owner');
      expect(seed.users.agent).toMatchObject({ email: 'agent@demo.test', firstname: 'Alice' });

      const departments = (await api.get(`/${P}/departments/allstatus`, { token: alice })).body;
      expect(departments.map((d: Json) => [d.name, d.routing, d.default])).toEqual([
        ['Default Department', 'assigned', true], ['Billing', 'pooled', false],
      ]);

      const all = (await api.get(`/${P}/requests?status=all`, { token: owner })).body.requests;
      const statuses = all.map((r: Json) => r.status);
      expect(statuses).toContain(100);
      expect(statuses).toContain(1000);
      expect(all.some((r: Json) => r.status === 200 && r.participants.includes(seed.users.agent.id))).toBe(true);
      for (const request of all) {
        expect(request.lead.fullname.trim()).not.toBe('');
        expect(request.sourcePage).toMatch(/^https:\/\//);
        expect(request.language).toMatch(/^[a-z]{2}$/);
        expect(request.userAgent).toContain('Mozilla');
        expect(Object.keys(request.attributes).length).toBeGreaterThan(0);
      }
      expect(all.filter((r: Json) => r.lead.email).length).toBeGreaterThanOrEqual(2);
      const closed = all.find((r: Json) => r.status === 1000);
      expect(closed.transcript.split('\r\n').length).toBeGreaterThan(3);
      const history = (await api.get(`/${P}/requests/${closed.request_id}/messages`, { token: owner })).body;
      expect(history.length).toBeGreaterThan(4);
      expect(history.at(-1).text).toBe('Chat closed');
      expect(Date.parse(history[0].createdAt)).toBeLessThan(Date.now() - 60 * 60 * 1000);

      const me = (await api.get(`/${P}/project_users/me`, { token: alice })).body[0];
      expect(me.number_assigned_requests).toBe(all.filter((r: Json) => r.status === 200 && r.participants.includes(seed.users.agent.id)).length);
      expect((await api.get(`/${P}/canned`, { token: alice })).body.length).toBeGreaterThanOrEqual(3);
      await server.close();

      const again = await startTestServer({ seed: true, dataDir });
      expect(again.seed).toEqual(seed);
      const token = await again.api.signin('owner@demo.test', 'demo1234');
      expect((await again.api.get(`/${P}/requests?status=all`, { token })).body.count).toBe(all.length);
      await again.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('visitor simulator', () => {
  it('draws a valid PNG screenshot', () => {
    const png = screenshotPng(20, 10);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(20);
    expect(png.readUInt32BE(20)).toBe(10);
    const idatLength = png.readUInt32BE(33);
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe((20 * 3 + 1) * 10);
  });

  it('talks like a widget: opens conversations up to its bound, writes, uploads a screenshot, leaves', async () => {
    const server = await startTestServer({ seed: true });
    const { api, seed } = server;
    if (!seed) throw new Error('no seed');
    const P = seed.projectId;
    // random() = 0: always the first persona (who sends a screenshot) and always "open one more if allowed".
    const simulator = startSimulator({ baseUrl: server.url, projectId: P, paceMs: 50, maxOpen: 1, random: () => 0 });
    try {
      const owner = await api.signin('owner@demo.test', 'demo1234');
      const list = async (): Promise<Json[]> => (await api.get(`/${P}/requests?status=all&no_populate=true&limit=100`, { token: owner })).body.requests;
      const seeded = new Set((await list()).map((r) => r.request_id));

      let conversation: Json;
      let messages: Json[] = [];
      for (let i = 0; i < 300; i++) {
        await sleep(20);
        const open = (await list()).filter((r) => !seeded.has(r.request_id) && r.status < 1000);
        expect(open.length).toBeLessThanOrEqual(1);
        conversation = open[0];
        if (!conversation) continue;
        messages = (await api.get(`/${P}/requests/${conversation.request_id}/messages`, { token: owner })).body;
        if (messages.filter((m) => m.sender !== 'system').length >= 5) break;
      }
      expect(conversation.first_text).toContain('Slack integration');
      const image = messages.find((m) => m.type === 'image');
      expect(image.metadata).toMatchObject({ width: 160, height: 100 });
      const png = await fetch(image.metadata.src);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(messages.map((m) => m.text)).toContain('It says "token revoked" next to the workspace name.');

      await api.post(`/${P}/requests/${conversation.request_id}/messages`, { token: owner, body: { text: 'Please reconnect with a new token.' } });
      let closed: Json;
      for (let i = 0; i < 200 && closed?.status !== 1000; i++) {
        await sleep(20);
        closed = (await api.get(`/${P}/requests/${conversation.request_id}`, { token: owner })).body;
      }
      expect(closed.status).toBe(1000);
      const after = (await api.get(`/${P}/requests/${conversation.request_id}/messages`, { token: owner })).body;
      expect(after.map((m: Json) => m.text)).toContain('That fixed it, thanks a lot!');
    } finally {
      await simulator.stop();
      await server.stop();
    }
  });
});
