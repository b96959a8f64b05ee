import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { ChildReport, StartedChild } from '../server/child-process';
import { ServerSupervisor } from './server-supervisor';

interface FakeChild extends StartedChild {
  report(r: ChildReport): void;
  crash(how: string): void;
  readonly stopped: boolean;
}

function fakeChild(log: string[], id: number): FakeChild {
  let resolveReport: (r: ChildReport) => void = () => undefined;
  const firstReport = new Promise<ChildReport>((resolve) => (resolveReport = resolve));
  let stopped = false;
  let resolveExited: (how: string) => void = () => undefined;
  const exited = new Promise<string>((resolve) => (resolveExited = resolve));
  return {
    child: {} as ChildProcess,
    firstReport,
    exited,
    crash: (how: string) => resolveExited(how),
    go: () => log.push(`go ${id}`),
    isAlive: () => !stopped,
    loadedModules: new Set<string>(),
    report: (r) => resolveReport(r),
    get stopped() {
      return stopped;
    },
    async stop() {
      if (!stopped) log.push(`stop ${id}`);
      stopped = true;
      resolveReport({ type: 'error', code: 'child.exited', message: 'SIGTERM' });
      resolveExited('SIGTERM');
    },
  };
}

describe('ServerSupervisor', () => {
  it('starts, reports ready, and restarts by stopping the old server before starting the new', async () => {
    const log: string[] = [];
    const children: FakeChild[] = [];
    const supervisor = new ServerSupervisor(
      () => {
        const c = fakeChild(log, children.length);
        log.push(`start ${children.length}`);
        children.push(c);
        queueMicrotask(() => c.report({ type: 'ready', port: 1 }));
        return c;
      },
      { ready: (first) => log.push(first ? 'ready (first)' : 'ready (restart)'), crashed: () => log.push('crashed') },
    );
    await supervisor.start();
    assert.equal(supervisor.state, 'running');
    supervisor.restart();
    await new Promise((r) => setTimeout(r, 10));
    await supervisor.stop();
    assert.deepEqual(log.slice(0, 5), ['start 0', 'ready (first)', 'stop 0', 'start 1', 'ready (restart)']);
    assert.equal(supervisor.state, 'stopped');
    await supervisor.stop();
  });

  it('coalesces a burst of restarts into one, never running two servers at once', async () => {
    const log: string[] = [];
    let live = 0;
    let maxLive = 0;
    let n = 0;
    const supervisor = new ServerSupervisor(
      () => {
        const c = fakeChild(log, n++);
        live++;
        maxLive = Math.max(maxLive, live);
        const stop = c.stop.bind(c);
        setImmediate(() => c.report({ type: 'ready' }));
        return {
          ...c,
          firstReport: c.firstReport,
          exited: c.exited,
          go: c.go,
          isAlive: c.isAlive,
          loadedModules: c.loadedModules,
          stop: async () => {
            if (!c.stopped) live--;
            await stop();
          },
        };
      },
      { ready: () => undefined, crashed: () => undefined },
    );
    await supervisor.start();
    supervisor.restart();
    supervisor.restart();
    supervisor.restart();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(n, 2, 'one start plus one restart for the whole burst');
    assert.equal(maxLive, 1);
    await supervisor.stop();
  });

  it('reports a crash and waits; a later restart recovers', async () => {
    const events: string[] = [];
    let n = 0;
    const supervisor = new ServerSupervisor(
      () => {
        const c = fakeChild([], n);
        const ok = n++ > 0;
        queueMicrotask(() => c.report(ok ? { type: 'ready' } : { type: 'error', code: 'server.crashed', message: 'SyntaxError' }));
        return c;
      },
      { ready: () => events.push('ready'), crashed: (r) => events.push(`crashed: ${r.message}`) },
    );
    await supervisor.start();
    assert.equal(supervisor.state, 'crashed');
    supervisor.restart();
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(events, ['crashed: SyntaxError', 'ready']);
    assert.equal(supervisor.state, 'running');
    await supervisor.stop();
  });

  it('reports a server that dies after it was ready, but not one it stopped itself', async () => {
    const events: string[] = [];
    const children: FakeChild[] = [];
    const supervisor = new ServerSupervisor(
      () => {
        const c = fakeChild([], children.length);
        children.push(c);
        queueMicrotask(() => c.report({ type: 'ready' }));
        return c;
      },
      { ready: () => events.push('ready'), crashed: (r) => events.push(`crashed: ${r.message}`) },
    );
    await supervisor.start();
    children[0]?.crash('code 1');
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(supervisor.state, 'crashed');
    supervisor.restart();
    await new Promise((r) => setTimeout(r, 5));
    await supervisor.stop();
    assert.deepEqual(events, ['ready', 'crashed: the server exited (code 1)', 'ready']);
  });

  it('keeps a standby ready and hands restarts to it, unless what it preloaded changed', async () => {
    const log: string[] = [];
    let n = 0;
    const supervisor = new ServerSupervisor(
      (mode) => {
        const id = n++;
        const c = fakeChild(log, id);
        log.push(`spawn ${id} ${mode}`);
        if (mode === 'now') queueMicrotask(() => c.report({ type: 'ready' }));
        return {
          ...c,
          go: () => {
            log.push(`go ${id}`);
            c.report({ type: 'ready' });
          },
        };
      },
      { ready: () => log.push('ready'), crashed: () => log.push('crashed') },
      { standby: true },
    );
    const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));
    await supervisor.start();
    assert.deepEqual(log, ['spawn 0 now', 'ready', 'spawn 1 standby']);
    log.length = 0;
    supervisor.restart({ reuseStandby: true });
    await tick();
    assert.deepEqual(log, ['stop 0', 'go 1', 'ready', 'spawn 2 standby']);
    log.length = 0;
    supervisor.restart({ reuseStandby: false });
    await tick();
    assert.deepEqual(log, ['stop 2', 'stop 1', 'spawn 3 now', 'ready', 'spawn 4 standby']);
    log.length = 0;
    await supervisor.stop();
    assert.deepEqual(log.sort(), ['stop 3', 'stop 4']);
  });
});
