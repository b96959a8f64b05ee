import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** One accessibility rule broken on a page, as axe-core reports it, trimmed for a failure message. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
  /** The first offending element's markup, cut short. */
  readonly html: string;
}

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let axeSource: string | undefined;

/**
 * Runs axe-core (WCAG 2.1 A and AA rules, the experimental ones included) in the page as it stands and returns the critical and
 * serious violations. The script goes in through the DevTools protocol, which the page's
 * Content-Security-Policy does not govern, so the audited page is the one users get.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    interface Result {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: unknown[]; html: string }[];
    }
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Result[] }> } }).axe;
    // label-content-name-mismatch (WCAG 2.5.3) is still marked experimental in axe, so off by default.
    const options = { runOnly: { type: 'tag', values: [...tags, 'experimental'] }, resultTypes: ['violations'] };
    const result = await axe.run(document, options);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
      html: v.nodes[0]?.html.slice(0, 300) ?? '',
    }));
  }, WCAG_21_AA);
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}

/** A failure message naming each violation and where it is. */
export function describeViolations(where: string, violations: readonly AxeViolation[]): string {
  const lines = violations.map((v) => `  ${v.impact} ${v.id}: ${v.help}\n    at ${v.targets.slice(0, 5).join(', ')}\n    ${v.html}`);
  return `${where}: ${violations.length} serious or critical accessibility violation(s)\n${lines.join('\n')}`;
}
