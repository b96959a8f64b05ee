/**
 * Reconnect storm: N clients connect and subscribe to `room`, every socket drops at once, and
 * all reconnect either resuming their session (connect with session + receivedCount) or as
 * fresh sessions that subscribe again (what every Meteor client did before 3.5). Reports server
 * CPU, bytes and time until every client is back in sync.
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { option } from '../option';

const port = Number(option('port', '0'));
const clients = Number(option('clients', '500'));
const mode = option('mode', 'resume');

interface ClientState {
  session: string;
  received: number;
}

async function cpuMs(): Promise<number> {
  const cpu = (await (await fetch(`http://127.0.0.1:${port}/cpu`)).json()) as { userUs: number; systemUs: number };
  return (cpu.userUs + cpu.systemUs) / 1000;
}

/** Opens a socket, sends `connect` (optionally resuming), waits until in sync; counts bytes. */
function connect(state: ClientState | undefined, resume: boolean, bytes: { n: number }): Promise<{ ws: WebSocket; state: ClientState }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/websocket`, { perMessageDeflate: false });
    const next: ClientState = { session: state?.session ?? '', received: resume ? (state?.received ?? 0) : 0 };
    ws.on('error', reject);
    ws.on('open', () => {
      const hello: Record<string, unknown> = { msg: 'connect', version: '1', support: ['1'] };
      if (resume && state) Object.assign(hello, { session: state.session, receivedCount: state.received });
      ws.send(JSON.stringify(hello));
    });
    ws.on('message', (data: Buffer) => {
      bytes.n += data.length;
      const message = JSON.parse(String(data)) as { msg?: string; session?: string };
      if (message.msg === undefined || message.msg === 'ping' || message.msg === 'pong') {
        if (message.msg === 'ping') ws.send('{"msg":"pong"}');
        return;
      }
      next.received += 1;
      if (message.msg === 'connected') {
        if (resume && state && message.session === state.session) return resolve({ ws, state: next });
        next.session = message.session ?? '';
        next.received = 1;
        ws.send('{"msg":"sub","id":"s","name":"room","params":[]}');
      } else if (message.msg === 'ready') resolve({ ws, state: next });
    });
  });
}

const bytes = { n: 0 };
let sockets = await Promise.all(Array.from({ length: clients }, () => connect(undefined, false, bytes)));
for (const { ws } of sockets) ws.terminate();
await new Promise((resolve) => setTimeout(resolve, 500));
const resume = mode === 'resume';
const before = await cpuMs();
bytes.n = 0;
const start = performance.now();
sockets = await Promise.all(sockets.map(({ state }) => connect(state, resume, bytes)));
const elapsed = performance.now() - start;
const cpu = (await cpuMs()) - before;
console.log(JSON.stringify({ mode, clients, resyncMs: Math.round(elapsed), serverCpuMs: Math.round(cpu), bytesToClients: bytes.n }));
for (const { ws } of sockets) ws.terminate();
process.exit(0);
