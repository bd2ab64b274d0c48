/**
 * /__test__/ routes (only with --test-hooks): what Electron would have shown (notifications, badge, tray)
 * and the user's hands on the window, tray and notifications, for end-to-end tests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { HostStatus } from '../main/electron/host-status.ts';
import { badgeIcon, trayMenu, trayTooltip, type TrayAction } from '../main/electron/tray-menu.ts';
import type { createNotificationRecorder, createPagePresence } from './adapters.ts';

export interface TestHookDeps {
  status: HostStatus;
  notifications: ReturnType<typeof createNotificationRecorder>;
  presence: ReturnType<typeof createPagePresence>;
  trayActions: Record<TrayAction, () => Promise<void>>;
  openedExternally: string[];
  windowStateChanged(): void;
  catchUp(reason: 'resume' | 'unlock' | 'online' | 'manual'): void;
}

const WindowBody = z.object({ state: z.enum(['hidden', 'visible', 'focused', 'auto']) });
const ClickBody = z.object({ tag: z.string().optional(), conversationId: z.string().optional() });
const TrayBody = z.object({ action: z.enum(['toggleWindow', 'toggleAvailability', 'toggleDoNotDisturb', 'signOut', 'quit']) });
const CatchUpBody = z.object({ reason: z.enum(['resume', 'unlock', 'online', 'manual']) });

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 65_536) throw new Error('body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function reply(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

export function createTestHooks(deps: TestHookDeps) {
  const state = () => {
    const status = deps.status.get();
    const visible = deps.presence.presence.isVisible();
    return {
      notifications: deps.notifications.list(),
      badge: status.badge,
      tray: { icon: badgeIcon(status.badge), tooltip: trayTooltip(status, 'en'), menu: trayMenu(status, visible, 'en') },
      window: { visible, focused: deps.presence.presence.isFocused(), override: deps.presence.override(), pages: deps.presence.pages() },
      session: status.session,
      settings: status.settings,
      openedExternally: [...deps.openedExternally],
    };
  };

  return async function handle(request: IncomingMessage, response: ServerResponse, route: string): Promise<void> {
    try {
      if (request.method === 'GET' && route === 'state') return reply(response, 200, state());
      if (request.method !== 'POST') return reply(response, 404, { error: `No test hook ${request.method} ${route}` });
      const body = await readJson(request);
      switch (route) {
        case 'window': {
          const { state: windowState } = WindowBody.parse(body);
          deps.presence.setOverride(windowState === 'auto' ? null : windowState);
          deps.windowStateChanged();
          return reply(response, 200, state());
        }
        case 'notifications/click': {
          const match = ClickBody.parse(body);
          return deps.notifications.click(match) ? reply(response, 200, state()) : reply(response, 404, { error: 'No open notification matches' });
        }
        case 'notifications/clear':
          deps.notifications.clear();
          return reply(response, 200, state());
        case 'tray': {
          const { action } = TrayBody.parse(body);
          await deps.trayActions[action]();
          return reply(response, 200, state());
        }
        case 'catch-up':
          deps.catchUp(CatchUpBody.parse(body).reason);
          return reply(response, 200, state());
        default:
          return reply(response, 404, { error: `No test hook POST ${route}` });
      }
    } catch (error) {
      return reply(response, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}
