import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './app-copy';
import type { ChatUser } from './chat-user';

/** test-results/ at the repository root (ignored by git; CI keeps it as an artifact). */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');

/** A file in test-results/ named from free text (a test title), keeping the extension. */
export function artifactPath(name: string, extension = '.png'): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stem = name
    .replace(/\.png$/, '')
    .replace(/[^a-zA-Z0-9_-]+/g, '-')
    .slice(0, 150);
  return join(RESULTS_DIR, `${stem}${extension}`);
}

/**
 * Registers an afterEach that screenshots every open user's page when a test fails, so a
 * failure in CI comes with what each person saw.
 */
export function screenshotOnFailure(users: () => readonly ChatUser[]): void {
  afterEach(async function () {
    const test = this.currentTest;
    if (test === undefined || test.state !== 'failed') return;
    for (const user of users()) {
      if (user.page.isClosed()) continue;
      await user.screenshot(artifactPath(`${user.label}-${test.fullTitle()}`)).catch((error: unknown) => {
        console.warn(`could not keep a screenshot of ${user.label}'s page: ${String(error)}`);
      });
    }
  });
}
