/**
 * WebApp request cost: requests/s and latency of the served page and of a JSON route added to
 * `WebApp.handlers`, each beside a baseline measured in the same run (a bare `node:http`
 * server answering the same bytes) and bare Express 5 (same routes, no WebApp middleware). Closed loop, keep-alive, fixed concurrency;
 * the targets alternate (baseline, WebApp, baseline, WebApp) so load drift hits both.
 *
 *   node --import tsx bench/webapp/page-throughput.ts [seconds-per-round=4] [concurrency=16]
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';

const seconds = Number(process.argv[2] ?? 4);
const concurrency = Number(process.argv[3] ?? 16);

interface Ports {
  webapp: number;
  baseline: number;
  express: number;
  pageBytes: number;
}

const child = fork(fileURLToPath(new URL('./page-servers.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const ports = await new Promise<Ports>((resolve) => {
  child.stdout?.setEncoding('utf8').once('data', (line: string) => resolve(JSON.parse(line) as Ports));
});

interface Result {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
}

async function load(port: number, path: string, accept: string, durationMs: number): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  let requests = 0;
  const deadline = performance.now() + durationMs;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request({ host: '127.0.0.1', port, path, agent, headers: { accept } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
          histogram.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
          requests++;
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) await one();
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - began) / 1000;
  agent.destroy();
  const result = { requests, rps: requests / elapsed, p50: histogram.getValueAtPercentile(50) / 1000, p99: histogram.getValueAtPercentile(99) / 1000 };
  histogram.destroy();
  return result;
}

const scenarios = [
  { name: 'page (GET / as a browser)', path: '/', accept: 'text/html' },
  { name: 'JSON route (WebApp.handlers)', path: '/api/ping', accept: 'application/json' },
];

console.log(
  `node ${process.version}, ${seconds}s rounds, concurrency ${concurrency}, page ${ports.pageBytes} bytes, load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const s of scenarios) {
  await load(ports.baseline, s.path, s.accept, 500);
  await load(ports.webapp, s.path, s.accept, 500);
  const base: Result[] = [];
  const bare: Result[] = [];
  const web: Result[] = [];
  for (let round = 0; round < 2; round++) {
    base.push(await load(ports.baseline, s.path, s.accept, seconds * 1000));
    bare.push(await load(ports.express, s.path, s.accept, seconds * 1000));
    web.push(await load(ports.webapp, s.path, s.accept, seconds * 1000));
  }
  const avg = (rs: Result[], k: keyof Result): number => rs.reduce((a, r) => a + r[k], 0) / rs.length;
  console.log(`\n${s.name}`);
  console.log(
    `  baseline node:http  ${avg(base, 'rps').toFixed(0).padStart(6)} req/s   p50 ${avg(base, 'p50').toFixed(2)} ms   p99 ${avg(base, 'p99').toFixed(2)} ms   (rounds: ${base.map((r) => r.rps.toFixed(0)).join(', ')})`,
  );
  console.log(
    `  bare Express 5      ${avg(bare, 'rps').toFixed(0).padStart(6)} req/s   p50 ${avg(bare, 'p50').toFixed(2)} ms   p99 ${avg(bare, 'p99').toFixed(2)} ms   (rounds: ${bare.map((r) => r.rps.toFixed(0)).join(', ')})`,
  );
  console.log(
    `  WebApp              ${avg(web, 'rps').toFixed(0).padStart(6)} req/s   p50 ${avg(web, 'p50').toFixed(2)} ms   p99 ${avg(web, 'p99').toFixed(2)} ms   (rounds: ${web.map((r) => r.rps.toFixed(0)).join(', ')})`,
  );
  console.log(
    `  WebApp / node:http  ${(avg(web, 'rps') / avg(base, 'rps')).toFixed(2)}x   WebApp / Express  ${(avg(web, 'rps') / avg(bare, 'rps')).toFixed(2)}x throughput`,
  );
}
console.log(
  `\nload average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
child.disconnect();
