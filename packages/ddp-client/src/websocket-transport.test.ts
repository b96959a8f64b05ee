import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { toWebSocketUrl, WebSocketTransport, type WebSocketConstructor } from './websocket-transport';

describe('toWebSocketUrl', () => {
  it('maps app URLs onto the /websocket endpoint', () => {
    assert.equal(toWebSocketUrl('http://localhost:3000'), 'ws://localhost:3000/websocket');
    assert.equal(toWebSocketUrl('https://chat.example.com/app/'), 'wss://chat.example.com/app/websocket');
    assert.equal(toWebSocketUrl('ws://h:1/websocket'), 'ws://h:1/websocket');
    assert.equal(toWebSocketUrl('localhost:3000'), 'ws://localhost:3000/websocket');
  });

  it('rejects empty and non-web URLs', () => {
    assert.throws(() => toWebSocketUrl(''), TypeError);
    assert.throws(() => toWebSocketUrl('ftp://x'), /unsupported DDP URL scheme/);
  });
});

describe('WebSocketTransport over ws', () => {
  let http: Server;
  let wss: WebSocketServer;
  let port = 0;

  before(async () => {
    http = createServer();
    wss = new WebSocketServer({ server: http, path: '/websocket' });
    wss.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo:${String(data)}`)));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    port = address.port;
  });

  after(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  it('opens, exchanges text frames and reports the close', async () => {
    const transport = new WebSocketTransport(WebSocket as unknown as WebSocketConstructor);
    const events: string[] = [];
    await new Promise<void>((resolve) => {
      const socket = transport.open(`http://127.0.0.1:${port}`, {
        onOpen: () => socket.send('hi'),
        onMessage: (frame) => {
          events.push(frame);
          socket.close();
        },
        onClose: (reason) => {
          events.push(reason);
          resolve();
        },
      });
    });
    assert.deepEqual(events, ['echo:hi', 'closed by client']);
  });

  it('reports a refused connection as a close', async () => {
    const transport = new WebSocketTransport(WebSocket as unknown as WebSocketConstructor);
    const reason = await new Promise<string>((resolve) => {
      transport.open('http://127.0.0.1:1', { onOpen() {}, onMessage() {}, onClose: resolve });
    });
    assert.match(reason, /socket (error|closed)/);
  });
});
