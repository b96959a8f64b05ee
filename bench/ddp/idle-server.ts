/**
 * Server side of the idle-session memory benchmark (run with --expose-gc, pinned to core 0):
 *   perseid  our DDP server; each client connects and subscribes to one publication that is
 *            ready with no documents
 *   ws       raw `ws` server keeping the sockets (the transport's own cost, the baseline)
 * `GET /mem` runs a full GC and returns heap and RSS.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { Server, type Subscription } from '@perseid/ddp-server';
import { option } from '../option';
import { BENCH_CONNECTION_LIMITS } from '../connection-limits';

const system = option('system', 'perseid');
const gc = (globalThis as { gc?: () => void }).gc;

const http = createServer((request, response) => {
  if (request.url !== '/mem') return void response.end();
  gc?.();
  gc?.();
  const memory = process.memoryUsage();
  response.setHeader('Content-Type', 'application/json');
  response.end(
    JSON.stringify({ rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, arrayBuffers: memory.arrayBuffers, gc: gc !== undefined }),
  );
});

if (system === 'perseid') {
  const server = new Server({ ...BENCH_CONNECTION_LIMITS });
  server.publish('presence', function (this: Subscription) {
    this.ready();
  });
  server.attach(http);
} else {
  const wss = new WebSocketServer({ server: http, path: '/websocket', perMessageDeflate: false });
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const text = String(data);
      if (text.includes('"connect"')) ws.send('{"msg":"connected","session":"x"}');
      if (text.includes('"sub"')) ws.send('{"msg":"ready","subs":["s"]}');
    });
  });
}

http.listen(0, '127.0.0.1', () => console.log(`READY ${(http.address() as AddressInfo).port}`));
