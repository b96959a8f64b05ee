/**
 * Frame flood: N sockets each send method calls (to an unknown method: the cheapest frame to
 * send that still costs the server a dispatch, a result and an `updated`) as fast as they can,
 * while another client pings every 20 ms. Run twice in one process: with the inbound throttle
 * lifted (the baseline) and with the defaults (100 frames/s per socket after a burst of 300).
 * Reports the other client's ping round trip and the flood frames the server answered.
 *
 *   node --import tsx bench/ddp/frame-flood.ts [sockets] [seconds]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { Server, type ServerOptions } from '@perseid/ddp-server';
import { RawClient } from '../../packages/ddp-server/test/helpers';
import { BENCH_CONNECTION_LIMITS } from '../connection-limits';
import { percentiles } from '../percentiles';

const SOCKETS = Number(process.argv[2] ?? 10);
const SECONDS = Number(process.argv[3] ?? 3);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(label: string, options: ServerOptions): Promise<void> {
  const server = new Server({ log: () => undefined, ...BENCH_CONNECTION_LIMITS, ...options });
  const http = createServer();
  const stream = server.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/websocket`;
  const { client: probe } = await RawClient.connect(url);
  const flooders = await Promise.all(Array.from({ length: SOCKETS }, async () => (await RawClient.connect(url)).client));
  let state: 'flooding' | 'stopped' = 'flooding';
  const frame = '{"msg":"method","id":"1","method":"nope","params":[]}';
  const floods = flooders.map(async (client) => {
    while (state === 'flooding' && client.closeCode === undefined) {
      for (let i = 0; i < 100; i++) client.send(frame);
      // Only as fast as the socket drains on our side: the point is the server's reading.
      while (client.ws.bufferedAmount > 1024 * 1024 && state === 'flooding') await sleep(5);
      await sleep(0);
    }
  });
  const rtts: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  for (let i = 0; Date.now() < until; i++) {
    const started = performance.now();
    probe.send({ msg: 'ping', id: `p${i}` });
    await probe.next((f) => f['msg'] === 'pong' && f['id'] === `p${i}`);
    rtts.push(performance.now() - started);
    await sleep(20);
  }
  state = 'stopped';
  await Promise.all(floods);
  const answered = flooders.reduce((sum, client) => sum + client.frames.filter((f) => f['msg'] === 'result').length, 0);
  console.log(
    `| ${label} | ${rtts.length} | ${percentiles(rtts).at(50).toFixed(1)} / ${percentiles(rtts).at(90).toFixed(1)} / ${percentiles(rtts).max.toFixed(1)} ms | ${answered} |`,
  );
  await Promise.all([probe, ...flooders].map((client) => client.drop()));
  await server.close();
  await stream.close();
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
}

console.log(
  `frame flood: ${SOCKETS} sockets, ${SECONDS} s, ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log('| run | pings answered | ping round trip median / p90 / max | flood calls answered |');
console.log('|---|---|---|---|');
await run('throttle lifted (before)', { inboundMessagesPerSecond: 1e9, inboundBurst: 1e9 });
await run('default throttle (100/s, burst 300)', {});
console.log(
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
