import { addMember, createDepartment, createProject, createUser } from './domain/accounts.ts';
import { Conversations } from './domain/conversations.ts';
import { EventBus } from './events.ts';
import { newObjectId, newUuid } from './ids.ts';
import type { Store } from './store/store.ts';
import type { JsonObject, ProjectDoc, ProjectUserDoc, UserDoc } from './store/types.ts';

const SEED_PROJECT_NAME = 'Demo Support';
const SEED_PASSWORD = 'demo1234';

export interface SeedUser {
  id: string;
  email: string;
  firstname: string;
  lastname: string;
  projectUserId: string;
}

/** Where the demo data is; ids are generated at seeding, so clients find them by signing in (GET /projects/). */
export interface SeedInfo {
  projectId: string;
  projectName: string;
  password: string;
  users: { owner: SeedUser; agent: SeedUser; agent2: SeedUser };
  departments: { default: string; billing: string };
}

const PEOPLE = {
  owner: { email: 'owner@demo.test', firstname: 'Olivia', lastname: 'Bennett' },
  agent: { email: 'agent@demo.test', firstname: 'Alice', lastname: 'Martin' },
  agent2: { email: 'agent2@demo.test', firstname: 'Bruno', lastname: 'Costa' },
} as const;

type Who = 'visitor' | 'agent';

interface Visitor {
  firstname: string;
  lastname?: string;
  email?: string;
  language: string;
  sourcePage: string;
  userAgent: string;
  attributes: JsonObject;
}

interface Story {
  visitor: Visitor;
  department: 'default' | 'billing';
  agent?: 'agent' | 'agent2';
  minutesAgo: number;
  subject?: string;
  lines: [Who, string][];
  tags?: string[];
  note?: string;
  closed?: boolean;
}

const UA = {
  chromeMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  firefoxWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  chromeLinux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  edgeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0',
};

const STORIES: Story[] = [
  {
    visitor: {
      firstname: 'Emma', lastname: 'Johnson', email: 'emma.johnson@example.com', language: 'en',
      sourcePage: 'https://shop.example.com/orders/10452', userAgent: UA.chromeMac,
      attributes: { customerId: 'C-20931', plan: 'Plus', orders: 14 },
    },
    department: 'default', agent: 'agent', minutesAgo: 2 * 24 * 60, subject: 'Late delivery, order #10452', tags: ['shipping'], closed: true,
    lines: [
      ['visitor', "Hi! My order #10452 was supposed to arrive yesterday but tracking hasn't updated since Monday."],
      ['agent', 'Hi Emma, sorry about that! Let me check with the carrier.'],
      ['agent', "The parcel is at the local depot, held back by the storm. It's scheduled for delivery tomorrow before 6 pm."],
      ['visitor', 'Great, thanks for checking. Can I have it delivered to my office instead?'],
      ['agent', "Done: I've switched it to the \"Work\" address in your profile. You'll get a new tracking email shortly."],
      ['visitor', 'Perfect, thank you!'],
    ],
  },
  {
    visitor: {
      firstname: 'Lukas', lastname: 'Schneider', email: 'lukas.schneider@example.de', language: 'de',
      sourcePage: 'https://shop.example.com/account/invoices', userAgent: UA.edgeWin,
      attributes: { customerId: 'C-18820', company: 'Schneider GmbH' },
    },
    department: 'billing', agent: 'agent2', minutesAgo: 26 * 60, subject: 'Invoice with VAT number', tags: ['billing', 'invoice'],
    note: 'Reissued INV-2291 with the VAT number.', closed: true,
    lines: [
      ['visitor', 'Hallo, I need an invoice with our company VAT number for order #10311.'],
      ['agent', 'Hi Lukas! Sure, could you send me the VAT number?'],
      ['visitor', 'DE 811 907 980'],
      ['agent', "Thanks! I've reissued invoice INV-2291 with the VAT number; it's in Account → Invoices."],
      ['visitor', 'Got it, danke!'],
    ],
  },
  {
    visitor: {
      firstname: 'Sofia', lastname: 'Rossi', email: 'sofia.rossi@example.it', language: 'it',
      sourcePage: 'https://app.example.com/login', userAgent: UA.firefoxWin,
      attributes: { customerId: 'C-30177', plan: 'Pro' },
    },
    department: 'default', agent: 'agent', minutesAgo: 25, subject: 'Password reset email not arriving',
    lines: [
      ['visitor', "Hi, I've tried to reset my password three times but the email never arrives."],
      ['agent', "Hi Sofia, I'm sorry to hear that. Could you check your spam folder? The sender is no-reply@example.com."],
      ['visitor', "Nothing in spam either. I'm using my work address, sofia.rossi@example.it"],
      ['visitor', 'Could our company firewall be blocking it?'],
    ],
  },
  {
    visitor: {
      firstname: 'Priya', lastname: 'Nair', email: 'priya@acme-logistics.example', language: 'en',
      sourcePage: 'https://docs.example.com/api/webhooks', userAgent: UA.chromeLinux,
      attributes: { customerId: 'C-50012', company: 'Acme Logistics', plan: 'Enterprise' },
    },
    department: 'default', agent: 'agent2', minutesAgo: 12,
    lines: [
      ['visitor', 'Our webhook endpoint receives every event twice since yesterday. Is there a known issue?'],
      ['agent', 'Hi Priya, not that we know of. Do both deliveries carry the same event id?'],
      ['visitor', 'Yes, same id, about 2 seconds apart.'],
    ],
  },
  {
    visitor: {
      firstname: 'Daniel', lastname: 'Kim', email: 'daniel.kim@example.com', language: 'en',
      sourcePage: 'https://shop.example.com/pricing', userAgent: UA.safariIphone,
      attributes: { customerId: 'C-41208', plan: 'Basic' },
    },
    department: 'billing', minutesAgo: 6,
    lines: [
      ['visitor', 'Hello, I was charged twice for my subscription this month. Can I get a refund for the duplicate charge?'],
      ['visitor', 'Both charges are $29.00 on March 3.'],
    ],
  },
  {
    visitor: {
      firstname: 'guest#7f3a', language: 'es', sourcePage: 'https://www.example.com/', userAgent: UA.chromeMac,
      attributes: { referrer: 'https://www.google.com/' },
    },
    department: 'billing', minutesAgo: 2,
    lines: [['visitor', 'Hola, ¿tienen descuento para organizaciones sin ánimo de lucro?']],
  },
];

const CANNED = [
  { title: 'Greeting', text: 'Hi $recipient_name, thanks for reaching out! How can I help you today?' },
  { title: 'Closing', text: 'Is there anything else I can help you with? Have a great day!' },
  { title: 'Refund policy', text: 'Refunds for duplicate charges are processed within 3–5 business days to the original payment method.' },
];

function seedUser(user: UserDoc, member: ProjectUserDoc): SeedUser {
  return { id: user._id, email: user.email, firstname: user.firstname, lastname: user.lastname, projectUserId: member._id };
}

function existingSeed(store: Store): SeedInfo | undefined {
  const owner = store.users.findOne('email = ?', [PEOPLE.owner.email]);
  if (!owner) return undefined;
  const project = store.projects.find('name = ?', [SEED_PROJECT_NAME]).find((p) => p.createdBy === owner._id);
  if (!project) return undefined;
  const find = (key: keyof typeof PEOPLE): SeedUser => {
    const user = store.users.findOne('email = ?', [PEOPLE[key].email]);
    const member = user && store.projectUsers.findOne('id_project = ? AND id_user = ?', [project._id, user._id]);
    if (!user || !member) throw new Error(`seed data incomplete: ${PEOPLE[key].email} is not in "${SEED_PROJECT_NAME}"`);
    return seedUser(user, member);
  };
  const departments = store.departments.find('id_project = ?', [project._id], { order: 'created_at' });
  return {
    projectId: project._id,
    projectName: project.name,
    password: SEED_PASSWORD,
    users: { owner: find('owner'), agent: find('agent'), agent2: find('agent2') },
    departments: {
      default: departments.find((d) => d.default)?._id ?? '',
      billing: departments.find((d) => d.name === 'Billing')?._id ?? '',
    },
  };
}

/**
 * Creates the demo project once (nothing happens when it exists): "Demo Support" owned by owner@demo.test,
 * agents agent@demo.test (Alice) and agent2@demo.test (Bruno), password demo1234 for all, departments
 * "Default Department" (assigned, default) and "Billing" (pooled), a few canned responses and six
 * conversations: two closed, two assigned (one to Alice), two waiting in the queue.
 */
export async function seedDemo(store: Store): Promise<SeedInfo> {
  const found = existingSeed(store);
  if (found) return found;
  if (store.users.count('email = ?', [PEOPLE.owner.email]) > 0) {
    throw new Error(`${PEOPLE.owner.email} exists but owns no "${SEED_PROJECT_NAME}" project; use a fresh --data directory to seed`);
  }

  const start = Date.now() - 3 * 24 * 60 * 60 * 1000;
  const owner = await createUser(store, { ...PEOPLE.owner, password: SEED_PASSWORD }, new Date(start));
  const alice = await createUser(store, { ...PEOPLE.agent, password: SEED_PASSWORD }, new Date(start + 1000));
  const bruno = await createUser(store, { ...PEOPLE.agent2, password: SEED_PASSWORD }, new Date(start + 2000));
  const project = createProject(store, SEED_PROJECT_NAME, owner, new Date(start + 3000), { chat_limit_on: true, max_agent_assigned_chat: 4 });
  const billing = store.tx(() => {
    const setup = new Date(start + 4000);
    addMember(store, project, { userId: alice._id }, 'agent', owner._id, setup);
    addMember(store, project, { userId: bruno._id }, 'agent', owner._id, setup);
    // The owner supervises and does not take chats; new conversations go to Alice and Bruno.
    const ownerMember = store.projectUsers.findOne('id_project = ? AND id_user = ?', [project._id, owner._id]);
    if (ownerMember) store.projectUsers.replace({ ...ownerMember, user_available: false, profileStatus: 'inactive' });
    for (const [i, canned] of CANNED.entries()) insertCanned(store, project, owner._id, canned, true, new Date(start + 5000 + i));
    insertCanned(store, project, alice._id, {
      title: 'Check spam folder', text: 'Could you check your spam or junk folder? Our emails come from no-reply@example.com.',
    }, false, new Date(start + 6000));
    return createDepartment(store, project._id, { name: 'Billing', routing: 'pooled', description: 'Invoices, refunds and payments' }, owner._id, setup);
  });

  const users = { agent: alice, agent2: bruno };
  for (const story of STORIES) tellStory(store, project, story, users, billing._id);

  const seeded = existingSeed(store);
  if (!seeded) throw new Error('seeding failed');
  return seeded;
}

function insertCanned(store: Store, project: ProjectDoc, createdBy: string, canned: { title: string; text: string }, shared: boolean, at: Date): void {
  const iso = at.toISOString();
  store.canned.insert({
    _id: newObjectId(at), ...canned, shared, id_project: project._id, createdBy, updatedBy: createdBy, status: 100,
    createdAt: iso, updatedAt: iso, __v: 0,
  });
}

/** Plays one conversation through the normal conversation logic with a clock set in the past. */
function tellStory(store: Store, project: ProjectDoc, story: Story, users: Record<'agent' | 'agent2', UserDoc>, billingId: string): void {
  let clock = Date.now() - story.minutesAgo * 60_000;
  const conversations = new Conversations(store, new EventBus(), () => new Date(clock));
  const tick = (seconds: number) => {
    clock += seconds * 1000;
  };
  const { visitor } = story;
  const uuid = newUuid();
  const fullName = `${visitor.firstname} ${visitor.lastname ?? ''}`;
  const guest = store.tx(() => addMember(store, project, { uuid, attributes: visitor.attributes }, 'guest', uuid, new Date(clock - 30_000)));
  const agent = story.agent ? users[story.agent] : undefined;
  const agentName = agent ? `${agent.firstname} ${agent.lastname}` : '';
  const [first, ...rest] = story.lines;
  if (!first) return;
  let { request } = conversations.openWithMessage({
    project,
    requester: guest,
    lead: { id: uuid, fullname: fullName, ...(visitor.email ? { email: visitor.email } : {}), attributes: visitor.attributes },
    createdBy: uuid,
    firstText: first[1],
    ...(story.department === 'billing' ? { departmentId: billingId } : {}),
    ...(agent ? { participants: [agent._id] } : {}),
    attributes: visitor.attributes,
    sourcePage: visitor.sourcePage,
    language: visitor.language,
    userAgent: visitor.userAgent,
    ...(story.subject ? { subject: story.subject } : {}),
  }, { sender: uuid, senderFullname: fullName, createdBy: uuid, text: first[1], language: visitor.language, attributes: visitor.attributes });
  for (const [who, text] of rest) {
    tick(who === 'agent' ? 45 : 70);
    const fromAgent = who === 'agent' && agent;
    request = conversations.post(request, {
      sender: fromAgent ? agent._id : uuid,
      senderFullname: fromAgent ? agentName : fullName,
      createdBy: fromAgent ? agent._id : uuid,
      text,
    }, Boolean(fromAgent)).request;
  }
  if (story.tags) request = conversations.addTags(request, story.tags.map((tag) => ({ tag })));
  if (story.note && agent) request = conversations.addNote(request, story.note, agent._id);
  if (story.closed && agent) {
    tick(120);
    conversations.close(request, agent._id, false);
  }
}
