import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './app-copy';
import type { ChatUser } from './chat-user';

/** test-results/ at the repository root (ignored by git; CI keeps it as an artifact). */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');

export function artifactPath(name: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return join(RESULTS_DIR, name.replace(/[^a-zA-Z0-9._-]+/g, '-').slice(0, 150));
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
      await user.screenshot(artifactPath(`${test.fullTitle()}-${user.label}.png`)).catch(() => undefined);
    }
  });
}
