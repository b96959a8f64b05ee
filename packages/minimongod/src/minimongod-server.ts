import net from 'node:net';
import { dispatchCommand } from './command-dispatcher';
import { LogicalClock } from './logical-clock';
import { Oplog } from './oplog';
import { ServerState } from './server-state';
import { reapExpired } from './ttl-reaper';
import { WireConnection } from './wire-connection';
import { openDataDirectory, type DataDirectory } from './data-directory';

export interface MinimongodOptions {
  /** 0 or absent: pick a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Directory for the journal and snapshot; absent = in memory only. */
  readonly dbPath?: string;
  readonly replSetName?: string;
  readonly quiet?: boolean;
  /** Host clients use to reach us, listed in `hello.hosts` (defaults to `host`). */
  readonly advertisedHost?: string;
  /** How many change events are kept for resuming streams (default 100,000). */
  readonly changeStreamHistory?: number;
  /** How often expired TTL documents are removed (default 10 s). */
  readonly ttlIntervalMs?: number;
  /** Journal size that triggers compaction into a snapshot (default 64 MiB). */
  readonly compactBytes?: number;
  /**
   * Awaited between the slices a compaction writes its snapshot in (default: the next
   * event-loop turn). Tests hold it to keep a compaction in progress.
   */
  readonly compactionTurn?: () => Promise<void>;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

export interface MinimongodHandle {
  readonly url: string;
  readonly port: number;
  /** Close every connection and the journal. Safe to call twice. */
  stop(): Promise<void>;
}

/** Start a MongoDB-wire-compatible server answering as a one-member replica-set primary. */
export async function startMinimongod(options: MinimongodOptions = {}): Promise<MinimongodHandle> {
  const host = options.host ?? '127.0.0.1';
  const replSetName = options.replSetName ?? 'rs0';
  const now = options.now ?? Date.now;
  const quiet = options.quiet ?? false;
  const log =
    options.log ??
    ((line: string) => {
      if (!quiet) console.log(`[minimongod] ${line}`);
    });
  const clock = new LogicalClock(now);
  let dataDir: DataDirectory | null = null;
  if (options.dbPath !== undefined) {
    dataDir = await openDataDirectory(options.dbPath, { compactBytes: options.compactBytes, compactionTurn: options.compactionTurn, log });
  }
  const oplog = new Oplog({ clock, sink: dataDir?.journal ?? null, historyLimit: options.changeStreamHistory });
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // e.g. EADDRINUSE: release the data directory (lock, journal) we already opened.
    await dataDir?.close();
    throw error;
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('minimongod: server has no TCP address');
  const port = address.port;
  const advertised = options.advertisedHost ?? host;
  const hostPort = `${advertised.includes(':') ? `[${advertised}]` : advertised}:${port}`;
  const state = new ServerState({ clock, oplog, identity: { replSetName, hostPort, startedAt: now() }, now });
  if (dataDir !== null) {
    try {
      dataDir.recover(state);
    } catch (error) {
      server.close();
      await dataDir.close();
      throw error;
    }
  }
  const connections = new Set<WireConnection>();
  let nextConnectionId = 1;
  server.on('connection', (socket) => {
    const id = nextConnectionId++;
    state.counters.connections += 1;
    state.counters.totalConnections += 1;
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    if (!quiet) log(`connection ${id} accepted from ${remote}`);
    const connection = new WireConnection(
      socket,
      { id, remote },
      {
        dispatch: (body, info) => dispatchCommand(body, state, info),
        log,
        onClose: () => {
          connections.delete(connection);
          state.counters.connections -= 1;
          if (!quiet) log(`connection ${id} ended`);
        },
      },
    );
    connections.add(connection);
  });
  const ttlTimer = setInterval(() => {
    if (reapExpired(state) > 0) void oplog.durable().catch((error: unknown) => log(`journal error: ${String(error)}`));
    state.cursors.reapIdle();
    dataDir?.maybeCompact(state);
  }, options.ttlIntervalMs ?? 10_000);
  ttlTimer.unref();

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(ttlTimer);
      state.cursors.closeAll();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of [...connections]) connection.close();
      await closed;
      await oplog.durable().catch(() => undefined);
      await dataDir?.close();
    })();
    return stopping;
  };
  log(`listening on ${host}:${port}${options.dbPath === undefined ? ' (in memory)' : ` with data in ${options.dbPath}`}`);
  return { url: `mongodb://${hostPort}/?replicaSet=${encodeURIComponent(replSetName)}`, port, stop };
}
