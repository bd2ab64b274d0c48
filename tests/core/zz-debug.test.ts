import { it } from 'vitest';
import { createAgentCore } from '../../src/main/core/agent-core.ts';
import { call } from '../helpers/core-client.ts';
import { createTestPorts } from '../helpers/test-ports.ts';
import { DEMO, DEMO_PASSWORD, restAgent, startLocalServer, visitor } from '../helpers/local-server.ts';

it('debug', async () => {
  const local = await startLocalServer({ heartbeatMs: 1000 });
  const ports = createTestPorts();
  const core = await createAgentCore(ports, { batchFlushMs: 20, realtime: { heartbeatMs: 300, deadLinkMs: 3000 } });
  await call(core, 'session.signIn', { serverUrl: local.url, email: DEMO.owner, password: DEMO_PASSWORD });
  await ports.waitForEvent('connection.changed', (s) => s.lastSyncAt !== null, { includePast: true });
  const owner = await restAgent(() => local.url, DEMO.owner);
  const g = await visitor(() => local.url, local.projectId, 'Zed');
  await g.say('first');
  const r = await owner.call('PUT', `/${local.projectId}/requests/${g.requestId}/participants`, [owner.userId]);
  console.log('PUT result participants', JSON.stringify((r as any).participants), (r as any).status);
  await new Promise((res) => setTimeout(res, 1500));
  const c = (await call(core, 'inbox.snapshot', null)).conversations.find((x) => x.id === g.requestId);
  console.log(JSON.stringify(c));
  const msgs = await owner.call('GET', `/${local.projectId}/requests/${g.requestId}/messages`);
  console.log(JSON.stringify(msgs).slice(0, 600));
  console.log(ports.logs.map((l) => l.level + ' ' + l.message + ' ' + JSON.stringify(l.detail ?? '').slice(0, 200)).join('\n'));
  await core.dispose(); await local.destroy();
});
