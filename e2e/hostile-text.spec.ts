/**
 * Visitors control message text, their name, e-mail, attributes, source page and browser string. Whatever they
 * send must show up as the literal text they typed: no script runs (no dialog), the app does not navigate,
 * nothing is fetched from a foreign origin, no element or inline handler is injected, no CSP violation.
 */
import type { Page } from '@playwright/test';
import type { AppHost } from './fixtures/browser-host.ts';
import { expect, test } from './fixtures/test.ts';

const messagePayloads: Record<string, string> = {
  imgOnerror: '<img src=x onerror=alert(1)>',
  script: '<script>alert(document.domain)</script>',
  javascriptUrl: 'javascript:alert(1)',
  javascriptAnchor: '<a href="javascript:alert(1)">Click to claim your refund</a>',
  markdownJavascript: '[click here](javascript:alert(1)) or [here](JaVaScRiPt:alert(2))',
  dataUrl: 'data:text/html,<script>alert(1)</script>',
  dataUrlBase64: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  foreignAnchor: '<a href="https://evil.example/steal?c=1">Open your invoice</a>',
  foreignImage: '<img src="https://evil.example/pixel.gif" width=1 height=1>',
  svgOnload: '<svg onload=alert(1)><circle r=10 /></svg>',
  iframe: '<iframe src="https://evil.example/frame" srcdoc="<script>alert(1)</script>"></iframe>',
  cssInjection:
    '<style>body{display:none} *{background:url(https://evil.example/css.png)}</style><div style="position:fixed;inset:0;background:red">overlay</div>',
  entities: '&lt;b&gt;not bold&lt;/b&gt; &amp;amp; &#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;',
  templates: "{{ constructor.constructor('alert(1)')() }} ${alert(1)} {count} @:app.name | %s",
  // Shown with its bidi controls made visible (see `shownAs`), so it cannot pass for "exe.pdf".
  rtlOverride: 'Your invoice: \u202Efdp.exe\u202C (open it)',
  zeroWidth: 'pay\u200Bpal\u200C.com\u200D \u2060verify\uFEFF now',
};

const hostileName = { firstname: '<img src=x onerror=alert(1)>', lastname: '\u202Egnp.exe<script>alert(1)</script>' };

/** Bidi overrides would reorder what the agent reads ("\u202Efdp.exe" displays as "exe.pdf"): the app shows them as markers. */
function shownAs(text: string): string {
  return text.replaceAll('\u202E', '⟨RLO⟩').replaceAll('\u202C', '⟨PDF⟩');
}
const hostileEmail = '"><svg onload=alert(1)>@evil.example';
const hostileAttributes = {
  '<img src=x onerror=alert(1)>': 'javascript:alert(1)',
  note: '<script>alert(1)</script>',
  homepage: 'data:text/html,<script>alert(1)</script>',
  style: '</style><style>*{display:none}</style>',
  nested: { html: '<b onmouseover=alert(1)>x</b>' },
};
const hostileSourcePage = 'javascript:alert(document.cookie)';
const hostileUserAgent = '<script>alert(1)</script> Mozilla/5.0';

/** ~100 KB: prose, a 5 000-character unbroken token (the layout must wrap it), a payload in the middle. */
function hundredKilobyteMessage(): string {
  const prose = 'Please check the attached log, the error happens on every checkout attempt. ';
  const half = prose.repeat(Math.ceil(50_000 / prose.length));
  return `${half}${'X'.repeat(5000)} <img src=x onerror=alert(1)> ${half}`.slice(0, 100 * 1024);
}

interface PageWatch {
  dialogs: string[];
  foreignRequests: string[];
  navigations: string[];
  popups: string[];
}

/** Everything that would betray a payload being interpreted instead of shown. */
function watchPage(page: Page, host: AppHost): PageWatch {
  const watch: PageWatch = { dialogs: [], foreignRequests: [], navigations: [], popups: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  // The app's own files and its IPC socket are all it may load; `<img src=x>` would be a same-origin /x.
  const ownPath = /^\/($|assets\/|favicon\.svg$|ipc$)/;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== host.origin || !ownPath.test(url.pathname)) watch.foreignRequests.push(request.url());
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) watch.navigations.push(frame.url());
  });
  page.context().on('page', (popup) => watch.popups.push(popup.url()));
  return watch;
}

async function injectedElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selectors = [
      'script:not([type="module"])',
      'iframe',
      'object',
      'embed',
      'body style',
      '[onerror], [onload], [onclick], [onmouseover]',
      'img[src="x"]',
      'img[src*="evil.example"]',
      // The skip link (#...) is the app's; any other link must be http(s) or mailto.
      'a[href]:not([href^="http:"]):not([href^="https:"]):not([href^="mailto:"]):not([href^="#"])',
    ];
    return selectors.flatMap((selector) => [...document.querySelectorAll(selector)].map((element) => `${selector} → ${element.outerHTML.slice(0, 200)}`));
  });
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

async function expectNothingInterpreted(page: Page, host: AppHost, watch: PageWatch) {
  expect(watch.dialogs, 'dialogs opened by the page').toEqual([]);
  expect(watch.foreignRequests, 'requests the app did not make itself').toEqual([]);
  expect(watch.navigations, 'navigations of the app window (only its own first load)').toEqual([host.url]);
  expect(watch.popups, 'windows opened').toEqual([]);
  expect(await injectedElements(page), 'elements or attributes that came from visitor text').toEqual([]);
  expect(await cspViolations(page), 'Content-Security-Policy violations').toEqual([]);
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective}: ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`));
  });
});

test('hostile names, attributes and messages render as inert literal text', async ({ page, agent, visitor, host }) => {
  const mallory = await visitor({ ...hostileName, email: hostileEmail, attributes: hostileAttributes });
  await mallory.send('Hello <b>support</b>', { sourcePage: hostileSourcePage, userAgent: hostileUserAgent });

  const watch = watchPage(page, host);
  await agent.signIn();
  await agent.openTab('queue');
  const row = agent.row(mallory.requestId);
  await expect(row).toBeVisible();
  expect(await row.textContent()).toContain(hostileName.firstname);
  expect(await row.textContent()).toContain('Hello <b>support</b>');

  await row.click();
  const title = page.getByTestId('conversation-title');
  await expect(title).toBeVisible();
  expect(await title.textContent()).toContain(`${hostileName.firstname} ⟨RLO⟩gnp.exe<script>alert(1)</script>`);

  const panel = page.getByTestId('side-panel');
  if (!(await panel.isVisible())) await page.getByTestId('toggle-details').click();
  await expect(panel).toBeVisible();
  expect(await page.getByTestId('visitor-name').textContent()).toContain(hostileName.firstname);
  await panel.locator('details summary').click();
  const panelText = (await panel.textContent()) ?? '';
  for (const shown of [hostileEmail, hostileSourcePage, hostileUserAgent, ...Object.keys(hostileAttributes), 'javascript:alert(1)', hostileAttributes.note, hostileAttributes.style, hostileAttributes.homepage]) {
    expect(panelText, `the details panel shows ${JSON.stringify(shown)} literally`).toContain(shown);
  }
  expect(panelText).toContain('<b onmouseover=alert(1)>x</b>');

  // Each payload arrives live while the conversation is open, and shows exactly as typed.
  for (const [name, payload] of Object.entries(messagePayloads)) {
    const sent = await mallory.send(payload);
    const shown = agent.message(sent._id);
    await expect(shown, `payload ${name} is on screen`).toBeVisible();
    expect(await shown.textContent(), `payload ${name} is shown literally`).toContain(shownAs(payload));
  }
  // Links are for http(s) only: the javascript: and data: payloads produced none.
  await expectNothingInterpreted(page, host, watch);

  // A real link to a foreign site opens in the system browser (recorded by the host), never in the app window.
  const foreignLink = page.getByTestId('message-list').locator('a[href^="https://evil.example/"]').first();
  await foreignLink.click();
  await expect.poll(async () => (await host.state()).openedExternally.length).toBe(1);
  // The link ends where the pasted markup begins: `">Open your invoice</a>` is not part of it.
  expect((await host.state()).openedExternally[0]).toBe('https://evil.example/steal?c=1');
  await page.waitForTimeout(500);
  await expectNothingInterpreted(page, host, watch);
});

test('a 100 KB message is shown in full, wraps inside the window and keeps the app responsive', async ({ page, agent, visitor, host }) => {
  const text = hundredKilobyteMessage();
  const bulky = await visitor({ firstname: 'Bulky', lastname: 'Logs' });
  const sent = await bulky.send(text);
  await bulky.send('Did you get my log?');

  const watch = watchPage(page, host);
  await agent.signIn();
  await agent.openConversation(bulky.requestId, 'queue');
  await expect(page.getByTestId('message-list')).toContainText('Did you get my log?');

  const shown = agent.message(sent._id);
  await shown.scrollIntoViewIfNeeded();
  await expect(shown).toBeVisible();
  expect(await shown.textContent()).toContain(text);

  const overflow = await page.evaluate(() => {
    const list = document.querySelector('[data-testid="message-list"]');
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      list: list ? list.scrollWidth - list.clientWidth : -1,
    };
  });
  expect(overflow, 'nothing scrolls sideways').toEqual({ page: 0, list: 0 });

  // Still usable: the agent can switch tabs and the list answers at once.
  await agent.openTab('all');
  await expect(agent.row(bulky.requestId)).toBeVisible();
  await expectNothingInterpreted(page, host, watch);
});
