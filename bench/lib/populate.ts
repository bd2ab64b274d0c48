/** Filling the server with conversations and histories quickly, through its public REST routes. */
import { benchToken } from './browser.ts';
import { addParticipant, newRequestId, postMessage, postMessagesMulti, signInVisitor, type Credentials } from './tiledesk.ts';

/** Runs `work` for every index with at most `limit` in flight. */
export async function inParallel(count: number, limit: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

export interface ConversationSeed {
  requestId: string;
  visitor: Credentials;
}

/**
 * Opens `count` conversations the way visitors do (first message creates the request), from a pool of
 * visitors. `assignTo` adds that agent as a participant, so the conversations are theirs.
 */
export async function openConversations(
  serverUrl: string,
  projectId: string,
  owner: Credentials,
  count: number,
  options: { tag: string; visitors?: number; assignTo?: string; firstText?: (index: number) => string },
): Promise<ConversationSeed[]> {
  const visitorCount = Math.min(options.visitors ?? count, count);
  const visitors: Credentials[] = new Array(visitorCount);
  await inParallel(visitorCount, 8, async (i) => {
    visitors[i] = await signInVisitor(serverUrl, projectId, `Visitor ${options.tag} ${i}`);
  });
  const seeds: ConversationSeed[] = new Array(count);
  await inParallel(count, 8, async (i) => {
    const visitor = visitors[i % visitorCount] as Credentials;
    const requestId = newRequestId(projectId, options.tag);
    const text = options.firstText?.(i) ?? `Hello, I need help with order ${1000 + i}`;
    await postMessage(serverUrl, visitor, projectId, requestId, text);
    if (options.assignTo) await addParticipant(serverUrl, owner, projectId, requestId, options.assignTo);
    seeds[i] = { requestId, visitor };
  });
  return seeds;
}

/**
 * Appends `count` visitor messages to one conversation with the bulk route, in chunks. Each text carries a
 * bench token and a strictly increasing `clienttimestamp` (multi-insert gives one batch a single createdAt).
 */
export async function appendHistory(
  serverUrl: string,
  projectId: string,
  owner: Credentials,
  seed: ConversationSeed,
  count: number,
  options: { tag: string; startAt: number; text: (index: number) => string },
): Promise<void> {
  const chunk = 500;
  for (let from = 0; from < count; from += chunk) {
    const batch = [];
    for (let i = from; i < Math.min(count, from + chunk); i++) {
      batch.push({
        sender: seed.visitor.userId,
        senderFullname: 'History Visitor',
        text: `${options.text(i)} ${benchToken(options.tag, i)}`,
        attributes: { clienttimestamp: options.startAt + i * 1000 },
      });
    }
    await postMessagesMulti(serverUrl, owner, projectId, seed.requestId, batch);
  }
}
