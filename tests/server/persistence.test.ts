/**
 * The CLI as a child process: start-up line with the real port, and no data lost across SIGKILL + restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Api, WsClient } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const children = new Set<ChildProcess>();
const dirs: string[] = [];

async function launch(dataDir: string, ...flags: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['server/cli.ts', '--port', '0', '--data', dataDir, ...flags], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line: ${output}`)), 20_000);
    const check = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) await kill(child);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('npm run server', () => {
  it('prints the real port for --port 0 and the seeded accounts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiledesk-cli-'));
    dirs.push(dir);
    const { child, url, output } = await launch(dir, '--seed');
    expect(url).not.toMatch(/:0$/);
    expect(output()).toContain('agent@demo.test');
    expect((await fetch(`${url}/`)).status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(child.exitCode).toBe(0);
  });

  it('keeps everything written before a SIGKILL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiledesk-kill-'));
    dirs.push(dir);
    const first = await launch(dir, '--seed');
    let api = new Api(first.url);
    const owner = await api.signin('owner@demo.test', 'demo1234');
    const agent = await api.signin('agent@demo.test', 'demo1234');
    const [membership] = (await api.get('/projects/', { token: owner })).body;
    const P = membership.id_project._id;
    const before = (await api.get(`/${P}/requests?status=all&no_populate=true`, { token: owner })).body.count;

    const visitor = await api.guest(P, 'Kim');
    const requestId = `support-group-${P}-persisted`;
    await api.post(`/${P}/requests/${requestId}/messages`, { token: visitor.token, body: { text: 'Will this survive?' } });
    await api.post(`/${P}/requests/${requestId}/messages`, { token: agent, body: { text: 'It will.' } });
    await api.put(`/${P}/requests/${requestId}/tag`, { token: agent, body: [{ tag: 'durable' }] });
    await api.put(`/${P}/project_users/`, { token: agent, body: { user_available: false, profileStatus: 'away' } });
    const subscription = await api.post(`/${P}/subscriptions`, { token: owner, body: { event: 'request.create', target: 'http://127.0.0.1:9/x' } });
    const data = new FormData();
    data.append('file', new Blob(['kept'], { type: 'text/plain' }), 'kept.txt');
    const file = await api.post(`/${P}/files/chat`, { token: agent, raw: data });
    const canned = await api.post(`/${P}/canned`, { token: agent, body: { text: 'Saved reply' } });
    const signup = await api.post('/auth/signup', { body: { email: 'new@demo.test', password: 'pw', firstname: 'New', lastname: 'User' } });
    await kill(first.child);

    const second = await launch(dir, '--seed');
    api = new Api(second.url);
    expect((await api.get('/projects/', { token: owner })).status).toBe(200);
    expect((await api.get('/projects/', { token: owner })).body.map((m: { id_project: { _id: string } }) => m.id_project._id)).toEqual([P]);
    const request = (await api.get(`/${P}/requests/${requestId}`, { token: owner })).body;
    expect(request.tags.map((t: { tag: string }) => t.tag)).toEqual(['durable']);
    expect(request.attributes.last_message.text).toBe('It will.');
    const messages = (await api.get(`/${P}/requests/${requestId}/messages`, { token: visitor.token })).body;
    expect(messages.map((m: { text: string }) => m.text)).toEqual(['Will this survive?', 'It will.']);
    expect((await api.get(`/${P}/requests?status=all&no_populate=true`, { token: owner })).body.count).toBe(before + 1);
    expect((await api.get(`/${P}/project_users/me`, { token: agent })).body[0]).toMatchObject({ user_available: false, profileStatus: 'away' });
    expect((await api.get(`/${P}/subscriptions/${subscription.body._id}`, { token: owner })).status).toBe(200);
    expect((await api.get(`/files?path=${encodeURIComponent(file.body.filename)}`)).text).toBe('kept');
    expect((await api.get(`/${P}/canned/${canned.body._id}`, { token: agent })).body.text).toBe('Saved reply');
    expect((await api.post('/auth/signin', { body: { email: 'new@demo.test', password: 'pw' } })).body.user._id).toBe(signup.body.user._id);

    const ws = await WsClient.open(second.url.replace('http', 'ws') + '/', agent);
    ws.subscribe(`/${P}/requests/${requestId}/messages`);
    expect((await ws.publish(`/${P}/requests/${requestId}/messages`)).payload.message).toHaveLength(2);
    ws.close();
    await kill(second.child);
  });
});
