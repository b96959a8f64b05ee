/**
 * Opens N DDP clients (connect + one sub, then idle) against idle-server.ts and reports the
 * server's memory per session: (after − before) / N, after a forced GC on both readings.
 */
import { WebSocket } from 'ws';
import { option } from '../option';

const port = Number(option('port', '0'));
const count = Number(option('sessions', '10000'));
const sockets: WebSocket[] = [];

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/websocket`, { perMessageDeflate: false });
    sockets.push(ws);
    ws.on('error', reject);
    ws.on('open', () => {
      ws.send('{"msg":"connect","version":"1","support":["1"]}');
      ws.send('{"msg":"sub","id":"s","name":"presence","params":[]}');
    });
    ws.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('{"msg":"ready"')) resolve();
      else if (text.startsWith('{"msg":"ping"')) ws.send('{"msg":"pong"}');
    });
  });
}

async function mem(): Promise<{ rss: number; heapUsed: number; external: number; arrayBuffers: number }> {
  return (await (await fetch(`http://127.0.0.1:${port}/mem`)).json()) as { rss: number; heapUsed: number; external: number; arrayBuffers: number };
}

const before = await mem();
for (let opened = 0; opened < count; opened += 200) {
  await Promise.all(Array.from({ length: Math.min(200, count - opened) }, () => open()));
}
await new Promise((resolve) => setTimeout(resolve, 1000));
const after = await mem();
const per = (key: 'rss' | 'heapUsed' | 'external' | 'arrayBuffers') => Math.round((after[key] - before[key]) / count);
console.log(JSON.stringify({ sessions: count, perSessionBytes: { rss: per('rss'), heapUsed: per('heapUsed'), external: per('external') }, before, after }));
for (const ws of sockets) ws.terminate();
process.exit(0);
