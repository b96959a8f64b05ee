/**
 * Method round-trip benchmark: minimongod and the client on core 1, the DDP server on core 0.
 *   node --import tsx bench/ddp/run-rtt.ts [--count 300]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { option } from '../option';

const here = fileURLToPath(new URL('.', import.meta.url));
const count = option('count', '300');

function waitLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const match = pattern.exec(line);
      if (match) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`process exited early (${code})`)));
  });
}

const db = spawn('taskset', ['-c', '1', process.execPath, '--import', 'tsx', `${here}../../packages/minimongod/src/cli.ts`, '--port', '0', '--quiet'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const mongo = (await waitLine(db, /ready: (\S+)/))[1] as string;
const server = spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', `${here}rtt-server.ts`, '--mongo', mongo], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = (await waitLine(server, /READY (\d+)/))[1] as string;
const client = spawn('taskset', ['-c', '1', process.execPath, '--import', 'tsx', `${here}rtt-client.ts`, '--port', port, '--mongo', mongo, '--count', count], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const line = (await waitLine(client, /^(\{.*\})$/))[1] as string;
type Stats = { p50: number; p99: number; mean: number };
const result = JSON.parse(line) as { driverMs: Stats; noopMethodMs: Stats; unobservedInsertMethodMs: Stats; methodMs: Stats; ratioP50: number };
const fmt = (s: Stats) => `p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, mean ${s.mean.toFixed(2)} ms`;
console.log(`bare driver insertOne RTT:        ${fmt(result.driverMs)}`);
console.log(`DDP no-op method result+updated: ${fmt(result.noopMethodMs)}`);
console.log(`DDP insert method, not observed:  ${fmt(result.unobservedInsertMethodMs)}`);
console.log(`DDP insert method, observed (client subscribed), result+updated: ${fmt(result.methodMs)}`);
console.log(
  `ratio (p50): ${result.ratioP50.toFixed(2)}×   load average: ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
for (const child of [client, server, db]) child.kill('SIGTERM');
