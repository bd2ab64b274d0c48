import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild, type ChildHandle } from './processes.ts';
import type { ServerChildConfig, ServerReady } from './server-child.ts';
import { listProjects, signIn, type Credentials, type ProjectMembership } from './tiledesk.ts';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server-child.ts');

/** The seed of `startServer({ seed: true })`. */
export const seedAccounts = {
  owner: { email: 'owner@demo.test', password: 'demo1234' },
  agent: { email: 'agent@demo.test', password: 'demo1234' },
  agent2: { email: 'agent2@demo.test', password: 'demo1234' },
  projectName: 'Demo Support',
} as const;

export interface BenchServer {
  url: string;
  port: number;
  child: ChildHandle<ServerReady>;
}

/** Seeds the demo accounts on first start; a restart on the same data dir and port keeps what was there. */
export async function startBenchServer(dataDir: string, options: { port?: number; seed?: boolean } = {}): Promise<BenchServer> {
  const config: ServerChildConfig = { port: options.port ?? 0, dataDir, seed: options.seed ?? true };
  const child = await startChild<ServerReady>(childScript, config, { label: 'server' });
  const url = child.ready.url.replace(/\/+$/, '');
  return { url, port: Number(new URL(url).port), child };
}

export interface SeededProject {
  owner: Credentials;
  project: ProjectMembership;
}

export async function seededProject(url: string): Promise<SeededProject> {
  const owner = await signIn(url, seedAccounts.owner.email, seedAccounts.owner.password);
  const projects = await listProjects(url, owner);
  const project = projects.find((candidate) => candidate.name === seedAccounts.projectName) ?? projects[0];
  if (!project) throw new Error('the seeded server has no project for owner@demo.test');
  return { owner, project };
}
