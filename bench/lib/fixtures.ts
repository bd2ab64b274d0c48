/** Deterministic, realistic-looking data sets: the same seed gives the same texts in every run. */
import type { Conversation, Message } from '../../src/shared/domain.ts';

/** mulberry32: a tiny seeded PRNG, so runs are comparable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const supportWords = (
  'hello hi thanks please order invoice refund shipping delivery account password login error payment card ' +
  'subscription plan upgrade cancel help issue problem broken working screen app website email address phone ' +
  'tracking package late today tomorrow week month price discount coupon code return exchange size color ' +
  'available stock update change reset confirm received sent waiting support agent manager ticket number'
).split(' ');

/** A vocabulary of common support words plus pseudo-words, so FTS has both frequent and rare terms. */
export function makeTextGenerator(seed: number): (minWords: number, maxWords: number) => string {
  const random = seededRandom(seed);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'zi', 'pe', 'sa', 'do', 'fu'];
  const rare: string[] = [];
  for (let i = 0; i < 3000; i++) {
    let word = '';
    const length = 2 + Math.floor(random() * 3);
    for (let s = 0; s < length; s++) word += syllables[Math.floor(random() * syllables.length)];
    rare.push(word);
  }
  return (minWords, maxWords) => {
    const count = minWords + Math.floor(random() * (maxWords - minWords + 1));
    const words: string[] = [];
    for (let i = 0; i < count; i++) {
      const pool = random() < 0.7 ? supportWords : rare;
      words.push(pool[Math.floor(random() * pool.length)] as string);
    }
    return words.join(' ');
  };
}

export function makeConversation(id: string, index: number, at: number, firstText: string): Conversation {
  const iso = new Date(at).toISOString();
  return {
    id,
    dbId: `db-${id}`,
    ticketId: index + 1,
    status: 200,
    subject: null,
    firstText,
    participants: ['agent-user'],
    eligibleAgents: ['agent-user'],
    departmentId: 'dep-1',
    departmentName: 'Default Department',
    channel: 'chat21',
    visitor: { id: `visitor-${index}`, name: `Visitor ${index}`, email: `visitor${index}@example.test`, attributes: {} },
    sourcePage: null,
    language: 'en',
    userAgent: null,
    tags: [],
    notes: [],
    lastMessage: null,
    createdAt: iso,
    updatedAt: iso,
    assignedAt: iso,
    closedAt: null,
    closedBy: null,
    unreadCount: 0,
  };
}

export function makeMessage(conversationId: string, id: string, at: number, text: string, fromVisitor: boolean): Message {
  return {
    id,
    clientId: null,
    conversationId,
    sender: fromVisitor ? `visitor-${conversationId}` : 'agent-user',
    senderFullname: fromVisitor ? 'Visitor' : 'Agent',
    author: fromVisitor ? 'visitor' : 'me',
    type: 'text',
    text,
    metadata: null,
    attributes: {},
    createdAt: new Date(at).toISOString(),
    sortKey: at,
    delivery: 'sent',
    deliveryError: null,
  };
}
