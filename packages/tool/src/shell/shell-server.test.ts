import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startShellServer, type ShellServer } from './shell-server';

function open(path: string): Promise<{ socket: Socket; output: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let output = '';
    socket.setEncoding('utf8').on('data', (s: string) => (output += s));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('connect', () => resolve({ socket, output: () => output, closed }));
    socket.once('error', reject);
  });
}

describe('shell server', function () {
  this.timeout(10_000);
  let dir: string;
  let server: ShellServer;
  beforeEach(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'perseid-shell-')), 'shell');
    server = await startShellServer(dir, { maxSessions: 1 });
  });
  afterEach(async () => {
    await server.stop();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('evaluates lines in order with top-level await and answers before closing', async () => {
    const c = await open(server.path);
    c.socket.end('{"terminal":false,"columns":80}\nconst x = await new Promise((r) => setTimeout(() => r(20), 20));\nx + 1\n');
    await c.closed;
    assert.match(c.output(), /^> > 21\n/);
  });

  it('a server taking over the socket keeps it when the one before it stops (restart order)', async () => {
    const next = await startShellServer(dir);
    await server.stop();
    const c = await open(next.path);
    c.socket.end('{"terminal":false,"columns":80}\n6 * 7\n');
    await c.closed;
    assert.match(c.output(), /42/);
    server = next;
  });

  it('refuses a connection that does not greet as a shell client, and shells past the bound', async () => {
    const bad = await open(server.path);
    bad.socket.write('GET / HTTP/1.1\r\n\r\n');
    await bad.closed;
    assert.equal(bad.output(), 'Not a meteor shell client.\n');
    const first = await open(server.path);
    first.socket.write('{"terminal":false,"columns":80}\n');
    const second = await open(server.path);
    await second.closed;
    assert.match(second.output(), /Too many shells are open \(1\)/);
    first.socket.end();
    await first.closed;
  });
});
