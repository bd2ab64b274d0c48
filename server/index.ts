import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Conversations } from './domain/conversations.ts';
import { Views } from './domain/views.ts';
import { EventBus } from './events.ts';
import { Authenticator } from './http/auth.ts';
import { createDispatcher } from './http/router.ts';
import { DEFAULT_HEARTBEAT_MS, RealtimeServer } from './realtime/server.ts';
import { authRoutes } from './routes/auth.ts';
import { cannedRoutes } from './routes/canned.ts';
import type { RouteDeps } from './routes/deps.ts';
import { departmentRoutes } from './routes/departments.ts';
import { fileRoutes } from './routes/files.ts';
import { messageRoutes } from './routes/messages.ts';
import { projectRoutes } from './routes/projects.ts';
import { projectUserRoutes } from './routes/projectUsers.ts';
import { requestRoutes } from './routes/requests.ts';
import { subscriptionRoutes } from './routes/subscriptions.ts';
import { seedDemo, type SeedInfo } from './seed.ts';
import { startSimulator, type Simulator } from './simulator.ts';
import { Store } from './store/store.ts';
import { DEFAULT_WEBHOOK_RETRY_BASE_MS, WebhookNotifier } from './webhooks/notifier.ts';

export type { SeedInfo } from './seed.ts';

export interface ServerOptions {
  /** Where the SQLite database lives (created if missing). */
  dataDir: string;
  /** TCP port; 0 picks a free one. Default 3000, the real server's. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Create the demo project and accounts if they are not there yet. */
  seed?: boolean;
  /** Run the visitor simulator against this server (uses the seeded project, else the oldest project). */
  simulate?: boolean;
  /** Pause between two simulated visitor actions. Default 4000 ms. */
  paceMs?: number;
  /** WebSocket heartbeat interval (ping, and idle clients dropped after one silent interval). Default 30 000 ms. */
  heartbeatMs?: number;
  /** Delay before the first webhook retry (then doubled). Default 1000 ms. */
  webhookRetryBaseMs?: number;
}

export interface RunningServer {
  /** `http://<host>:<port>` */
  url: string;
  /** `ws://<host>:<port>/` (add `?token=...`). */
  wsUrl: string;
  port: number;
  dataDir: string;
  /** The demo project and accounts, when `seed` was set. */
  seed?: SeedInfo;
  /** Stops simulator, webhooks, WebSockets and HTTP, then closes the database. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const store = new Store(options.dataDir);
  try {
    const events = new EventBus();
    const views = new Views(store);
    const auth = new Authenticator(store, store.jwtSecret());
    const conversations = new Conversations(store, events);
    const seed = options.seed ? await seedDemo(store) : undefined;

    const deps: RouteDeps = { store, views, auth, events, conversations };
    const files = fileRoutes(deps);
    const server = createServer(createDispatcher({
      store,
      auth,
      globalRoutes: [...authRoutes(deps), ...projectRoutes(deps), ...files.global],
      projectRoutes: [
        ...projectUserRoutes(deps), ...requestRoutes(deps), ...messageRoutes(deps), ...departmentRoutes(deps),
        ...cannedRoutes(deps), ...subscriptionRoutes(deps), ...files.project,
      ],
    }));
    const realtime = new RealtimeServer(server, {
      store, views, conversations, auth, events, heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    });

    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const hostInUrl = host.includes(':') ? `[${host}]` : host;
    const url = `http://${hostInUrl}:${port}`;

    const notifier = new WebhookNotifier({
      store, views, events, origin: url, retryBaseMs: options.webhookRetryBaseMs ?? DEFAULT_WEBHOOK_RETRY_BASE_MS,
    });
    let simulator: Simulator | undefined;
    if (options.simulate) {
      const projectId = seed?.projectId ?? store.projects.findOne("json_extract(doc, '$.status') = 100", [], { order: 'rowid' })?._id;
      if (projectId) {
        simulator = startSimulator({
          baseUrl: url, projectId, paceMs: options.paceMs ?? 4000,
          ...(seed?.departments.billing ? { billingDepartmentId: seed.departments.billing } : {}),
        });
      } else {
        console.warn('[server] --simulate: there is no project to simulate visitors for (use --seed).');
      }
    }

    let closing: Promise<void> | undefined;
    return {
      url,
      wsUrl: `ws://${hostInUrl}:${port}/`,
      port,
      dataDir: options.dataDir,
      ...(seed ? { seed } : {}),
      close() {
        closing ??= (async () => {
          await simulator?.stop();
          await notifier.close();
          realtime.close();
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}
