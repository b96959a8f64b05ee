import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWatcherReply, type WatcherReply, type WatcherRequest } from './watcher-protocol';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export interface SpawnedWatcher {
  /** Resolves once the watcher's stream has seen a probe insert (`seq < 0`), i.e. it is open. */
  readonly ready: Promise<void>;
  /** Resolves with seq → CLOCK_MONOTONIC ns once `count` events with seq ≥ 0 have been seen. */
  collect(count: number): Promise<Map<number, bigint>>;
  /** Safe to call twice. */
  stop(): Promise<void>;
}

/** A change-stream watcher on `db.coll` in its own process (see watcher-process.ts). */
export function spawnWatcher(url: string, db: string, coll: string): SpawnedWatcher {
  const child = fork(path.join(here, 'watcher-process.ts'), [url, db, coll], {
    execArgv: ['--import', require.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting: Array<(reply: WatcherReply) => void> = [];
  child.on('message', (raw: unknown) => {
    const reply = parseWatcherReply(raw);
    for (const waiter of waiting.splice(0)) waiter(reply);
  });
  const next = (type: WatcherReply['type']): Promise<WatcherReply> =>
    new Promise((resolve, reject) => {
      const onExit = (): void => reject(new Error(`watcher exited before '${type}'`));
      child.once('exit', onExit);
      const wait = (reply: WatcherReply): void => {
        if (reply.type !== type) {
          waiting.push(wait);
          return;
        }
        child.off('exit', onExit);
        resolve(reply);
      };
      waiting.push(wait);
    });
  const request = (message: WatcherRequest): void => {
    child.send(message);
  };
  let stopping: Promise<void> | null = null;
  return {
    ready: next('ready').then(() => undefined),
    async collect(count) {
      const events = next('events');
      request({ type: 'collect', count });
      const reply = await events;
      if (reply.type !== 'events') throw new Error('watcher sent no events');
      return new Map(reply.seen.map(([seq, at]) => [seq, BigInt(at)]));
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null) request({ type: 'stop' });
        await exited;
      })();
      return stopping;
    },
  };
}
