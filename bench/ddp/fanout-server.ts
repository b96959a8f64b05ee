/**
 * One server under test for the fan-out benchmark, run pinned to a core by run-fanout.ts:
 *
 *   perseid        our DDP server; the writer calls method `send`, the `messages` publication
 *                  (NO_MERGE_NO_HISTORY: stateless, like the baselines) fans the doc out
 *   perseid-merge  the same with the default SERVER_MERGE mergebox; the table keeps the last
 *                  50 messages, so every write is one `added` and one `removed` per client
 *   ws             raw `ws`: per write, JSON.stringify the same DDP frame once and send it in
 *                  a loop to every client
 *   feathers       Feathers 5: memory service `messages`, socket.io transport, every connection
 *                  in one channel, `create` published to it
 *
 * Prints `READY <port>`; `GET /cpu` on the same port returns process CPU and memory.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { Server, publicationStrategies, type PublishableCursor, type Subscription } from '@perseid/ddp-server';
import type { BenchDoc } from './payload';
import { option } from '../option';
import { BENCH_CONNECTION_LIMITS } from '../connection-limits';

const system = option('system', 'perseid');

function cpuRoute(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.url !== '/cpu') return false;
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  response.setHeader('Content-Type', 'application/json');
  response.end(JSON.stringify({ userUs: cpu.user, systemUs: cpu.system, rss: memory.rss, heapUsed: memory.heapUsed }));
  return true;
}

function listen(http: ReturnType<typeof createServer>): void {
  http.listen(0, '127.0.0.1', () => {
    console.log(`READY ${(http.address() as AddressInfo).port}`);
  });
}

/** An in-memory message table that publishes to every live subscription. */
class MessageTable {
  readonly #subs = new Set<Subscription>();
  readonly #window: string[] = [];
  #next = 0;
  constructor(readonly keep: number | undefined) {}

  insert(doc: BenchDoc): string {
    const id = `m${(this.#next++).toString(36)}`;
    // One fields object for every subscriber: the server encodes and frames it once.
    const fields = { text: doc.text, t: doc.t };
    for (const sub of this.#subs) sub.added('messages', id, fields);
    if (this.keep !== undefined) {
      this.#window.push(id);
      if (this.#window.length > this.keep) {
        const old = this.#window.shift() as string;
        for (const sub of this.#subs) sub.removed('messages', old);
      }
    }
    return id;
  }

  cursor(): PublishableCursor {
    return {
      _getCollectionName: () => 'messages',
      _publishCursor: async (sub) => {
        this.#subs.add(sub);
        return { stop: () => void this.#subs.delete(sub) };
      },
    };
  }
}

function startPerseid(merge: boolean): void {
  const server = new Server({ ...BENCH_CONNECTION_LIMITS, maxOutboundBytes: 64 * 1024 * 1024 });
  if (!merge) server.setPublicationStrategy('messages', publicationStrategies.NO_MERGE_NO_HISTORY);
  const table = new MessageTable(merge ? 50 : undefined);
  server.publish('messages', () => table.cursor());
  server.methods({ send: (text: string, t: number) => table.insert({ text, t }) });
  const http = createServer((request, response) => {
    if (!cpuRoute(request, response)) response.end();
  });
  server.attach(http);
  listen(http);
}

function startWsLoop(): void {
  const http = createServer((request, response) => {
    if (!cpuRoute(request, response)) response.end();
  });
  const wss = new WebSocketServer({ server: http, path: '/websocket', perMessageDeflate: false });
  const subscribers = new Set<WebSocket>();
  let next = 0;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { msg: string; params?: [string, number] };
      if (message.msg === 'sub') subscribers.add(ws);
      if (message.msg === 'method' && message.params) {
        const [text, t] = message.params;
        const frame = JSON.stringify({ msg: 'added', collection: 'messages', id: `m${(next++).toString(36)}`, fields: { text, t } });
        for (const client of subscribers) client.send(frame);
      }
    });
    ws.on('close', () => subscribers.delete(ws));
  });
  listen(http);
}

async function startFeathers(): Promise<void> {
  const { feathers } = await import('@feathersjs/feathers');
  const { MemoryService } = await import('@feathersjs/memory');
  const socketio = (await import('@feathersjs/socketio')).default;
  const app = feathers();
  app.configure(socketio({ perMessageDeflate: false, transports: ['websocket'] } as never));
  app.use('messages', new MemoryService({ multi: true }));
  // Channels come from @feathersjs/transport-commons (configured by socketio); its types are
  // an augmentation this workspace does not load, so describe the two calls used.
  interface Channels {
    channel(name: string): { join(connection: unknown): unknown };
    publish(selector: () => unknown): unknown;
  }
  const channels = app as unknown as Channels;
  app.on('connection', (connection: unknown) => channels.channel('everybody').join(connection));
  channels.publish(() => channels.channel('everybody'));
  // Keep the memory service bounded like the merge run: drop all but the last 50.
  const service = app.service('messages') as unknown as { store: Record<string, unknown> };
  app.service('messages').hooks({
    after: {
      create: [
        async () => {
          const ids = Object.keys(service.store);
          for (const id of ids.slice(0, Math.max(0, ids.length - 50))) delete service.store[id];
        },
      ],
    },
  });
  const http = createServer((request, response) => {
    if (!cpuRoute(request, response)) response.end();
  });
  // Feathers creates its own HTTP server; /cpu is served from a second one on another port.
  const feathersServer = (await app.listen(0 as never)) as unknown as { address(): AddressInfo };
  const feathersPort = feathersServer.address().port;
  http.listen(0, '127.0.0.1', () => {
    console.log(`READY ${feathersPort} ${(http.address() as AddressInfo).port}`);
  });
}

switch (system) {
  case 'perseid':
    startPerseid(false);
    break;
  case 'perseid-merge':
    startPerseid(true);
    break;
  case 'ws':
    startWsLoop();
    break;
  case 'feathers':
    void startFeathers();
    break;
  default:
    throw new Error(`unknown --system ${system}`);
}

// Exit normally on SIGTERM so `--cpu-prof` runs can write their profile.
process.on('SIGTERM', () => process.exit(0));
