/** Chat file upload and download (§5.4): limits, extension allowlist, content sniffing, safe paths. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotPng } from '../../server/simulator.ts';
import { expectShape, sample, startTestServer, type Api, type TestServer } from './helpers.ts';

let server: TestServer;
let api: Api;
let P: string;
let agent: string;

function form(name: string, type: string, content: Uint8Array | string, field = 'file'): FormData {
  const data = new FormData();
  data.append(field, new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type }), name);
  return data;
}

beforeAll(async () => {
  server = await startTestServer({ seed: true });
  api = server.api;
  if (!server.seed) throw new Error('no seed');
  P = server.seed.projectId;
  agent = await api.signin(server.seed.users.agent.email, server.seed.password);
});

afterAll(async () => {
  await server.stop();
});

describe('POST /:project_id/files/chat', () => {
  it('stores a text file (201) and serves it inline without auth, and as an attachment', async () => {
    const upload = await api.post(`/${P}/files/chat`, { token: agent, raw: form('t.txt', 'text/plain', 'hello world') });
    const captured = await sample('20-file-upload');
    expect(upload.status).toBe(captured.status);
    expectShape(upload.body, captured.response);
    expect(upload.body.filename).toMatch(new RegExp(`^uploads/users/${server.seed?.users.agent.id}/files/[0-9a-f-]{36}/t\\.txt$`));

    const inline = await api.get(`/files?path=${encodeURIComponent(upload.body.filename)}`);
    expect(inline.status).toBe(200);
    expect(inline.text).toBe('hello world');
    expect(inline.headers.get('content-type')).toBe('text/plain');
    expect(inline.headers.get('x-content-type-options')).toBe('nosniff');
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; filename="t.txt"/);

    const download = await api.get(`/files/download?path=${encodeURIComponent(upload.body.filename)}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="t.txt"/);
  });

  it('accepts images from visitors and serves the bytes unchanged', async () => {
    const visitor = await api.guest(P);
    const png = screenshotPng();
    const upload = await api.post(`/${P}/files/chat`, { token: visitor.token, raw: form('shot.png', 'image/png', png) });
    expect(upload.status).toBe(201);
    const response = await fetch(`${server.url}/files?path=${encodeURIComponent(upload.body.filename)}`);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  });

  it('refuses files over 1 024 000 bytes with 413', async () => {
    const big = await api.post(`/${P}/files/chat`, { token: agent, raw: form('big.txt', 'text/plain', 'a'.repeat(1_024_001)) });
    expect(big).toMatchObject({ status: 413, body: { success: false, error: 'File too large', code: 'LIMIT_FILE_SIZE' } });
    const exact = await api.post(`/${P}/files/chat`, { token: agent, raw: form('edge.txt', 'text/plain', 'a'.repeat(1_024_000)) });
    expect(exact.status).toBe(201);
  });

  it('refuses extensions outside the allowlist, a MIME type that does not fit the extension, and content that does not fit the MIME type', async () => {
    const exe = await api.post(`/${P}/files/chat`, { token: agent, raw: form('tool.exe', 'application/octet-stream', 'MZ') });
    expect(exe).toMatchObject({ status: 403, body: { success: false, msg: 'Extension not allowed' } });
    const html = await api.post(`/${P}/files/chat`, { token: agent, raw: form('page.txt', 'text/html', '<script>alert(1)</script>') });
    expect(html).toMatchObject({ status: 403, body: { success: false, msg: 'Mimetype mismatch detected' } });
    const fake = await api.post(`/${P}/files/chat`, { token: agent, raw: form('photo.png', 'image/png', '<svg onload=alert(1)>') });
    expect(fake.status).toBe(403);
    expect(fake.body.success).toBe(false);
    const binaryText = await api.post(`/${P}/files/chat`, { token: agent, raw: form('notes.txt', 'text/plain', new Uint8Array([0, 1, 2, 255])) });
    expect(binaryText.status).toBe(403);
  });

  it('needs credentials and a file field', async () => {
    expect((await api.post(`/${P}/files/chat`, { raw: form('t.txt', 'text/plain', 'x') })).status).toBe(401);
    const wrongField = await api.post(`/${P}/files/chat`, { token: agent, raw: form('t.txt', 'text/plain', 'x', 'attachment') });
    expect(wrongField.status).toBe(400);
    const notMultipart = await api.post(`/${P}/files/chat`, { token: agent, body: { file: 'x' } });
    expect(notMultipart.status).toBe(400);
  });

  it('keeps only the base name of the uploaded file', async () => {
    const upload = await api.post(`/${P}/files/chat`, { token: agent, raw: form('../../etc/passwd.txt', 'text/plain', 'x') });
    expect(upload.status).toBe(201);
    expect(upload.body.filename).toMatch(/\/passwd\.txt$/);
    expect(upload.body.filename).not.toContain('..');
  });
});

describe('GET /files', () => {
  it('rejects traversal and unknown paths', async () => {
    for (const path of ['../tiledesk.sqlite', 'uploads/../../x', '/etc/passwd', 'uploads\\x', '']) {
      const response = await api.get(`/files?path=${encodeURIComponent(path)}`);
      expect(response.status, path).toBe(400);
    }
    const missing = await api.get('/files?path=uploads/users/x/files/y/z.txt');
    expect(missing).toMatchObject({ status: 404, body: { success: false, msg: 'File not found.' } });
  });
});
