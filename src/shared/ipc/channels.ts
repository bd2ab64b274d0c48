/**
 * Channel NAMES of the IPC contract, without their zod schemas: the sandboxed preload imports only this
 * file so it stays a few hundred bytes instead of bundling zod. contract.ts checks with `satisfies`
 * that these lists and its schema maps name exactly the same channels.
 */

export const invokeChannels = [
  'app.info',
  'app.openExternal',
  'session.get',
  'session.signIn',
  'session.selectProject',
  'session.signOut',
  'session.setAvailability',
  'inbox.snapshot',
  'inbox.loadClosed',
  'inbox.search',
  'conversation.open',
  'conversation.loadOlder',
  'conversation.setViewed',
  'conversation.join',
  'conversation.leave',
  'conversation.close',
  'conversation.reopen',
  'conversation.reassign',
  'conversation.moveToDepartment',
  'conversation.backToQueue',
  'conversation.addTag',
  'conversation.removeTag',
  'conversation.addNote',
  'conversation.export',
  'message.send',
  'message.retry',
  'message.discard',
  'team.list',
  'departments.list',
  'canned.list',
  'canned.create',
  'canned.update',
  'canned.delete',
  'webhooks.list',
  'webhooks.create',
  'webhooks.delete',
  'webhooks.test',
  'transcript.import',
  'settings.get',
  'settings.update',
] as const;

export const eventChannels = [
  'session.changed',
  'connection.changed',
  'sync.batch',
  'outbox.changed',
  'badge.changed',
  'navigate.conversation',
  'alert.sound',
  'app.error',
] as const;

export type InvokeChannel = (typeof invokeChannels)[number];
export type EventChannel = (typeof eventChannels)[number];

const invokeChannelSet: ReadonlySet<string> = new Set(invokeChannels);
const eventChannelSet: ReadonlySet<string> = new Set(eventChannels);

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && invokeChannelSet.has(value);
}
export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && eventChannelSet.has(value);
}

/** Electron channel names: one namespace so the preload can allowlist by prefix-free exact match. */
export const electronInvokeChannel = (channel: InvokeChannel) => `tiledesk:invoke:${channel}` as const;
export const electronEventChannel = (event: EventChannel) => `tiledesk:event:${event}` as const;
