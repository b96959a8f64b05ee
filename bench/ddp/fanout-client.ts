/**
 * Load generator for the fan-out benchmark (run pinned to the other core): N subscribers on raw
 * `ws` + JSON.parse (the cheapest client), one writer at a ramped rate in the same process, so
 * write → delivery latency uses one clock. Prints one JSON line per rate step.
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { TEXT } from './payload';
import { option } from '../option';
import { percentiles } from '../percentiles';

const system = option('system', 'perseid');
const port = Number(option('port', '0'));
const cpuPort = Number(option('cpu-port', String(port)));
const clients = Number(option('clients', '1000'));
const rates = option('rates', '10,25,50,100,150,200,300,400').split(',').map(Number);
const stepMs = Number(option('step-ms', '3000'));
const drainMs = Number(option('drain-ms', '2000'));
const feathers = system === 'feathers';
/**
 * Every `sampleEvery`-th subscriber decodes (String + JSON.parse) every frame and records
 * latency; the others only count frames, so one generator core can absorb more deliveries
 * than the server under test can produce. 1 = every subscriber parses everything.
 */
const sampleEvery = Number(option('sample-every', '1'));
const url = feathers ? `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket` : `ws://127.0.0.1:${port}/websocket`;

let deliveries = 0;
let latencies: number[] = [];

function openSubscriber(index: number): Promise<void> {
  const sampled = index % sampleEvery === 0;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
    ws.on('error', reject);
    if (!sampled) {
      // Counting only: classify frames by a few bytes instead of decoding them.
      // DDP frames start `{"msg":"` (8 bytes), so byte 8 is the message's first letter.
      let connected = false;
      ws.on('open', () => {
        if (feathers) return;
        connected = true;
        ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
        ws.send(JSON.stringify({ msg: 'sub', id: 's', name: 'messages', params: [] }));
        if (system === 'ws') setTimeout(resolve, 50);
      });
      ws.on('message', (data: Buffer) => {
        if (feathers) {
          if (connected && data[0] === 0x34 && data[1] === 0x32)
            deliveries += 1; // 42[…] event
          else if (data.length === 1 && data[0] === 0x32)
            ws.send('3'); // engine.io ping
          else if (!connected) {
            const text = String(data);
            if (text.startsWith('0')) ws.send('40');
            else if (text.startsWith('40')) {
              connected = true;
              resolve();
            }
          }
          return;
        }
        const first = data[8];
        if (first === 0x61)
          deliveries += 1; // added
        else if (first === 0x72 && data[10] === 0x6d)
          deliveries += 1; // removed
        else if (first === 0x72 && data[10] === 0x61)
          resolve(); // ready
        else if (first === 0x70 && data[9] === 0x69) ws.send('{"msg":"pong"}'); // ping
      });
      return;
    }
    if (feathers) {
      ws.on('message', (data) => {
        const text = String(data);
        if (text.startsWith('0')) ws.send('40');
        else if (text.startsWith('40')) resolve();
        else if (text === '2') ws.send('3');
        else if (text.startsWith('42')) {
          const [event, payload] = JSON.parse(text.slice(2)) as [string, { t: number }];
          if (event === 'messages created') {
            deliveries += 1;
            latencies.push(performance.now() - payload.t);
          }
        }
      });
      return;
    }
    ws.on('open', () => {
      ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
      ws.send(JSON.stringify({ msg: 'sub', id: 's', name: 'messages', params: [] }));
      if (system === 'ws') setTimeout(resolve, 50);
    });
    ws.on('message', (data) => {
      const text = String(data);
      const message = JSON.parse(text) as { msg?: string; fields?: { t: number }; id?: string };
      switch (message.msg) {
        case 'added':
          deliveries += 1;
          if (message.fields) latencies.push(performance.now() - message.fields.t);
          break;
        case 'removed':
          deliveries += 1;
          break;
        case 'ready':
          resolve();
          break;
        case 'ping':
          ws.send(message.id === undefined ? '{"msg":"pong"}' : JSON.stringify({ msg: 'pong', id: message.id }));
          break;
        default:
          break;
      }
    });
  });
}

async function openWriter(): Promise<(t: number) => void> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    if (feathers) {
      ws.on('message', (data) => {
        const text = String(data);
        if (text.startsWith('0')) ws.send('40');
        else if (text.startsWith('40')) resolve();
        else if (text === '2') ws.send('3');
      });
    } else {
      ws.on('open', () => {
        ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
        resolve();
      });
      ws.on('message', (data) => {
        const text = String(data);
        if (text.startsWith('{"msg":"ping"')) ws.send('{"msg":"pong"}');
      });
    }
  });
  let id = 0;
  return (t) => {
    id += 1;
    if (feathers) ws.send(`42${id}${JSON.stringify(['create', 'messages', { text: TEXT, t }, {}])}`);
    else ws.send(JSON.stringify({ msg: 'method', method: 'send', params: [TEXT, t], id: String(id) }));
  };
}

async function serverCpu(): Promise<{ userUs: number; systemUs: number; rss: number }> {
  try {
    const response = await fetch(`http://127.0.0.1:${cpuPort}/cpu`);
    return (await response.json()) as { userUs: number; systemUs: number; rss: number };
  } catch (error) {
    throw new Error(`server /cpu failed: ${String((error as { cause?: unknown }).cause ?? error)}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  for (let opened = 0; opened < clients; opened += 100) {
    await Promise.all(Array.from({ length: Math.min(100, clients - opened) }, (_, i) => openSubscriber(opened + i)));
  }
  const write = await openWriter();
  let totalSent = 0;
  await sleep(500);
  for (const rate of rates) {
    deliveries = 0;
    latencies = [];
    const cpuBefore = await serverCpu();
    const genBefore = process.cpuUsage();
    const start = performance.now();
    let sent = 0;
    while (performance.now() - start < stepMs) {
      const due = Math.floor(((performance.now() - start) / 1000) * rate);
      while (sent < due) {
        write(performance.now());
        sent += 1;
      }
      await sleep(2);
    }
    const windowMs = performance.now() - start;
    const deliveredInWindow = deliveries;
    const cpuAfter = await serverCpu();
    const genAfter = process.cpuUsage(genBefore);
    // perseid-merge keeps a window of 50: each write past the 50th also removes one message.
    const removals = system === 'perseid-merge' ? Math.max(0, totalSent + sent - 50) - Math.max(0, totalSent - 50) : 0;
    totalSent += sent;
    const expected = (sent + removals) * clients;
    const drainStart = performance.now();
    while (deliveries < expected * 0.999 && performance.now() - drainStart < drainMs) await sleep(20);
    const latency = percentiles(latencies);
    const serverCpuPct = ((cpuAfter.userUs - cpuBefore.userUs + cpuAfter.systemUs - cpuBefore.systemUs) / 1000 / windowMs) * 100;
    const generatorCpuPct = ((genAfter.user + genAfter.system) / 1000 / windowMs) * 100;
    const result = {
      system,
      clients,
      writesPerSecond: rate,
      offeredDeliveriesPerSecond: Math.round(expected / (windowMs / 1000)),
      deliveredPerSecond: Math.round(deliveredInWindow / (windowMs / 1000)),
      backlogAfterDrain: Math.max(0, expected - deliveries),
      latencyMs: { p50: latency.at(50), p99: latency.at(99), max: latency.max, samples: latency.n },
      serverCpuPct: Math.round(serverCpuPct),
      // Robust to other load on the core: deliveries per second of CPU the server actually got.
      deliveriesPerServerCpuSecond: Math.round(
        deliveredInWindow / ((cpuAfter.userUs - cpuBefore.userUs + cpuAfter.systemUs - cpuBefore.systemUs) / 1e6 || 1e-9),
      ),
      generatorCpuPct: Math.round(generatorCpuPct),
      serverRssMb: Math.round(cpuAfter.rss / 1e6),
    };
    console.log(JSON.stringify(result));
    const saturated = result.deliveredPerSecond < result.offeredDeliveriesPerSecond * 0.9 || result.backlogAfterDrain > expected * 0.05;
    if (saturated) break;
    await sleep(500);
  }
  process.exit(0);
}

void main();
