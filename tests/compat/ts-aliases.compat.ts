import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { COMPAT_APPS_DIR, describeCompatApp } from './support/compat-app';

describeCompatApp({
  name: 'ts-aliases',
  shape: 'TypeScript with tsconfig "@/*" paths on both sides, "type": "module", a module using module-level this',
  minPassed: 4,
  live: 'a link one person adds through the aliased modules appears live for the other; module-level this is an object in the browser',
  async drive(a, b) {
    await a.getByText('module this: object').waitFor();
    await b.getByRole('link', { name: 'Meteor Docs' }).waitFor();
    await a.getByLabel('Title').fill('Tutorials');
    await a.getByRole('button', { name: 'Add link' }).click();
    const link = b.getByRole('link', { name: 'Tutorials' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), 'https://example.com/Tutorials');
  },
});

const TSC = join(createRequire(import.meta.url).resolve('typescript/package.json'), '..', 'bin', 'tsc');

/** Runs `tsc --noEmit -p <project>` in the app; resolves with its exit code and output. */
function typecheck(appDir: string, project: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSC, '--noEmit', '-p', project], { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('compat: the ts-aliases app typechecks each side as its bundle runs it', function () {
  this.timeout(180_000);
  const appDir = join(COMPAT_APPS_DIR, 'ts-aliases');

  // The client's view: useFind over a shared collection's cursor, Meteor without publish.
  it('tsc -p tsconfig.client.json (browser export condition) has no errors', async () => {
    const { code, output } = await typecheck(appDir, 'tsconfig.client.json');
    assert.equal(code, 0, output);
  });

  // The server's view: publish, methods, the async collection API, the runtime's own sources.
  it('tsc -p tsconfig.server.json (the server) has no errors', async () => {
    const { code, output } = await typecheck(appDir, 'tsconfig.server.json');
    assert.equal(code, 0, output);
  });
});
