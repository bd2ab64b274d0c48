import { crc32, deflateSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';

/**
 * Simulated website visitors for the demo. They use the public HTTP API exactly like the chat widget
 * does (anonymous sign-in, first message on a new request id, follow-ups, a screenshot upload, visitor-side
 * close), so everything an agent sees goes through the same routes, events and WebSocket publishes.
 */
export interface SimulatorOptions {
  baseUrl: string;
  projectId: string;
  /** Time between two visitor actions. */
  paceMs: number;
  /** Upper bound of simulated conversations open at the same time. */
  maxOpen?: number;
  /** When given, billing questions go there (the seed's pooled "Billing" department). */
  billingDepartmentId?: string;
  random?: () => number;
}

export interface Simulator {
  stop(): Promise<void>;
}

interface Persona {
  firstname: string;
  lastname?: string;
  email?: string;
  language: string;
  sourcePage: string;
  userAgent: string;
  attributes: Record<string, unknown>;
  billing?: boolean;
  first: string;
  followUps: string[];
  /** Sends a generated screenshot after this many follow-ups. */
  screenshotAfter?: number;
  goodbye: string;
}

const PERSONAS: Persona[] = [
  {
    firstname: 'Noah', lastname: 'Williams', email: 'noah.williams@example.com', language: 'en',
    sourcePage: 'https://app.example.com/settings/integrations', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Chrome/124.0',
    attributes: { plan: 'Pro', customerId: 'C-60311' },
    first: "Hi, the Slack integration stopped posting notifications this morning. Nothing changed on our side.",
    followUps: ["I tried disconnecting and reconnecting it, same result.", "Here's what the integrations page shows:", 'It says "token revoked" next to the workspace name.'],
    screenshotAfter: 1, goodbye: 'That fixed it, thanks a lot!',
  },
  {
    firstname: 'Chloé', lastname: 'Dubois', email: 'chloe.dubois@example.fr', language: 'fr',
    sourcePage: 'https://shop.example.com/checkout', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1',
    attributes: { cartValue: 129.9, currency: 'EUR' }, billing: true,
    first: 'Bonjour, my card keeps getting declined at checkout but it works everywhere else.',
    followUps: ["It's a Visa, and my bank says they see no attempt at all.", 'I also tried Apple Pay, it just spins forever.'],
    goodbye: 'Merci, it went through now!',
  },
  {
    firstname: 'Mateo', lastname: 'García', email: 'mateo.garcia@example.es', language: 'es',
    sourcePage: 'https://shop.example.com/orders/10877', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/125.0',
    attributes: { customerId: 'C-71240', orders: 3 },
    first: 'Hola! I received the wrong size for order #10877, can I exchange it?',
    followUps: ['I ordered the jacket in M and got an XL.', 'The tags are still on, I can ship it back this week.'],
    goodbye: 'Genial, gracias!',
  },
  {
    firstname: 'Hannah', lastname: 'Fischer', email: 'h.fischer@example.de', language: 'de',
    sourcePage: 'https://app.example.com/billing', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0',
    attributes: { plan: 'Team', seats: 12 }, billing: true,
    first: 'Hi, we added 3 seats last week but the invoice still shows 9. Will it be corrected?',
    followUps: ['The invoice number is INV-3318.', 'We need it fixed before month-end closing, if possible.'],
    goodbye: 'Perfect, thank you for the quick help.',
  },
  {
    firstname: 'Aiko', lastname: 'Tanaka', email: 'aiko.tanaka@example.jp', language: 'ja',
    sourcePage: 'https://docs.example.com/api/authentication', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1.15',
    attributes: { plan: 'Enterprise', company: 'Tanaka Systems' },
    first: 'Hello, our API calls return 401 since we rotated the API key. Is there a propagation delay?',
    followUps: ['We are sending it as a Bearer token in the Authorization header.', 'This is the response we get:'],
    screenshotAfter: 2, goodbye: 'Understood, it works with the new header. Thanks!',
  },
  {
    firstname: 'Liam', language: 'en', sourcePage: 'https://www.example.com/pricing',
    userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/124.0 Mobile',
    attributes: { referrer: 'https://www.google.com/' }, billing: true,
    first: 'Hey, is there a discount if we pay yearly instead of monthly?',
    followUps: ["We'd be about 20 people.", 'And can we switch plans later without losing data?'],
    goodbye: "Great, I'll talk to my team. Bye!",
  },
  {
    firstname: 'Olga', lastname: 'Petrova', email: 'olga.petrova@example.com', language: 'en',
    sourcePage: 'https://app.example.com/reports', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/124.0',
    attributes: { plan: 'Pro', customerId: 'C-55902' },
    first: 'The CSV export of the monthly report is empty, although the report shows data on screen.',
    followUps: ['It happens for March only, February exports fine.', 'The file is 0 KB.'],
    goodbye: 'Thanks, the export works again.',
  },
];

const SCREENSHOT = { width: 160, height: 100 };

/** A small PNG "screenshot" (a window with a title bar and an error banner), encoded by hand. */
export function screenshotPng(width = SCREENSHOT.width, height = SCREENSHOT.height): Buffer {
  const pixel = (x: number, y: number): [number, number, number] => {
    if (y < 12) return [38, 70, 120];
    if (y > 40 && y < 60 && x > 20 && x < width - 20) return [200, 60, 60];
    return (x + y) % 16 === 0 ? [225, 228, 232] : [245, 246, 248];
  };
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Visitor {
  persona: Persona;
  token: string;
  userId: string;
  requestId: string;
  sent: number;
  idleTicks: number;
}

interface ApiMessage {
  sender: string;
}

export function startSimulator(options: SimulatorOptions): Simulator {
  const random = options.random ?? Math.random;
  const maxOpen = options.maxOpen ?? 4;
  const base = options.baseUrl.replace(/\/$/, '');
  const project = options.projectId;
  const visitors: Visitor[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastError = '';

  const call = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { Authorization: token } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}`);
    return (await response.json()) as T;
  };

  const send = (visitor: Visitor, body: Record<string, unknown>) =>
    call('POST', `/${project}/requests/${encodeURIComponent(visitor.requestId)}/messages`, visitor.token, body);

  const start = async (): Promise<void> => {
    const persona = PERSONAS[Math.floor(random() * PERSONAS.length)] ?? PERSONAS[0];
    if (!persona) return;
    const signIn = await call<{ token: string; user: { _id: string } }>('POST', '/auth/signinAnonymously', undefined, {
      id_project: project, firstname: persona.firstname, lastname: persona.lastname, email: persona.email, attributes: persona.attributes,
    });
    const visitor: Visitor = {
      persona, token: signIn.token, userId: signIn.user._id, requestId: `support-group-${project}-${randomUUID().replaceAll('-', '')}`,
      sent: 0, idleTicks: 0,
    };
    await send(visitor, {
      text: persona.first, sourcePage: persona.sourcePage, language: persona.language, userAgent: persona.userAgent,
      attributes: persona.attributes, ...(persona.billing && options.billingDepartmentId ? { departmentid: options.billingDepartmentId } : {}),
    });
    visitors.push(visitor);
  };

  const sendScreenshot = async (visitor: Visitor): Promise<void> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(screenshotPng())], { type: 'image/png' }), 'screenshot.png');
    const response = await fetch(`${base}/${project}/files/chat`, { method: 'POST', headers: { Authorization: visitor.token }, body: form });
    if (response.status !== 201) throw new Error(`upload → ${response.status}`);
    const { filename } = (await response.json()) as { filename: string };
    await send(visitor, {
      type: 'image', text: 'screenshot.png',
      metadata: { src: `${base}/files?path=${encodeURIComponent(filename)}`, width: SCREENSHOT.width, height: SCREENSHOT.height },
    });
  };

  const leave = async (visitor: Visitor, goodbye: boolean): Promise<void> => {
    if (goodbye) await send(visitor, { text: visitor.persona.goodbye });
    await call('PUT', `/${project}/requests/${encodeURIComponent(visitor.requestId)}/closeg`, visitor.token);
    visitors.splice(visitors.indexOf(visitor), 1);
  };

  /** One visitor acts: answers when an agent replied (or after waiting a while), leaves when done or ignored. */
  const advance = async (visitor: Visitor): Promise<void> => {
    const { requests } = await call<{ requests: { request_id: string; status: number }[] }>(
      'GET', `/${project}/requests/me?status=all&no_populate=true`, visitor.token,
    );
    if (requests.find((r) => r.request_id === visitor.requestId)?.status === 1000) {
      visitors.splice(visitors.indexOf(visitor), 1);
      return;
    }
    const messages = await call<ApiMessage[]>('GET', `/${project}/requests/${encodeURIComponent(visitor.requestId)}/messages`, visitor.token);
    const last = messages.filter((m) => m.sender !== 'system').at(-1);
    const agentReplied = last !== undefined && last.sender !== visitor.userId;
    const { persona } = visitor;
    if (visitor.sent >= persona.followUps.length) {
      if (agentReplied) await leave(visitor, true);
      else if (++visitor.idleTicks >= 6) await leave(visitor, false);
      return;
    }
    if (!agentReplied && ++visitor.idleTicks < 3) return;
    visitor.idleTicks = 0;
    await send(visitor, { text: persona.followUps[visitor.sent] });
    visitor.sent++;
    if (persona.screenshotAfter === visitor.sent) await sendScreenshot(visitor);
  };

  const tick = async (): Promise<void> => {
    try {
      if (visitors.length < maxOpen && (visitors.length === 0 || random() < 0.3)) await start();
      else {
        const visitor = visitors[Math.floor(random() * visitors.length)];
        if (visitor) await advance(visitor);
      }
      lastError = '';
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (!stopped && text !== lastError) console.warn(`[simulator] ${text}`);
      lastError = text;
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, options.paceMs);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
