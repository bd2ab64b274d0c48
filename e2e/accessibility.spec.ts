/**
 * axe-core over the main screens (sign-in, inbox, an open conversation with its details panel) in the light
 * and the dark color scheme: no serious or critical violation. A failure lists every violation with the
 * elements it was found on.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

function describeViolations(screen: string, violations: AxeResults['violations']): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .slice(0, 8)
        .map((node) => `    - ${node.target.join(' ')}\n      ${node.failureSummary?.replaceAll('\n', '\n      ') ?? ''}`)
        .join('\n');
      const more = violation.nodes.length > 8 ? `\n    … and ${violation.nodes.length - 8} more` : '';
      return `[${screen}] ${violation.impact} ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

/** Runs axe on the page as it is; returns the serious and critical findings, described. */
async function seriousViolations(page: Page, screen: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const minor = results.violations.filter((violation) => !serious.includes(violation));
  if (minor.length > 0) console.log(`axe, minor/moderate findings (not failing):\n${describeViolations(screen, minor)}`);
  return serious.length > 0 ? [describeViolations(screen, serious)] : [];
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violations on sign-in, inbox and conversation (${colorScheme})`, async ({ page, agent, visitor }) => {
    await page.emulateMedia({ colorScheme });
    const nora = await visitor({ firstname: 'Nora', lastname: 'Lindqvist' });
    await nora.send('Hello, my parcel never arrived. Order #10452.');
    const found: string[] = [];

    await agent.fillSignIn();
    found.push(...(await seriousViolations(page, `sign-in, ${colorScheme}`)));

    await agent.submitSignIn();
    found.push(...(await seriousViolations(page, `inbox, ${colorScheme}`)));

    await agent.openConversation(nora.requestId, 'queue');
    await page.getByTestId('action-join').click();
    await agent.reply('Hi Nora, let me check that for you.');
    await nora.send('Thank you!');
    await expect(page.getByTestId('message-list')).toContainText('Thank you!');
    await expect(page.getByTestId('side-panel')).toBeVisible();
    found.push(...(await seriousViolations(page, `conversation, ${colorScheme}`)));

    expect(found, `serious or critical accessibility violations:\n${found.join('\n')}`).toEqual([]);
  });
}
