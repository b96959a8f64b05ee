/**
 * Idle-session memory benchmark: for each system, server on core 0 (with --expose-gc), clients
 * on core 1; prints bytes per idle session.
 *   node --import tsx bench/ddp/run-idle.ts [--sessions 10000] [--systems ws,perseid]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { option } from '../option';

const here = fileURLToPath(new URL('.', import.meta.url));
const sessions = option('sessions', '10000');
for (const system of option('systems', 'ws,perseid').split(',')) {
  const server = spawn('taskset', ['-c', '0', process.execPath, '--expose-gc', '--import', 'tsx', `${here}idle-server.ts`, '--system', system], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve) => {
    createInterface({ input: server.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.slice(6));
    });
  });
  const client = spawn('taskset', ['-c', '1', process.execPath, '--import', 'tsx', `${here}idle-client.ts`, '--port', port, '--sessions', sessions], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: client.stdout }).on('line', (line) => {
    const result = JSON.parse(line) as { perSessionBytes: Record<string, number> };
    console.log(
      `${system.padEnd(8)} ${sessions} idle sessions: per session rss ${result.perSessionBytes['rss']} B, heap ${result.perSessionBytes['heapUsed']} B, external ${result.perSessionBytes['external']} B`,
    );
  });
  await new Promise((resolve) => client.once('exit', resolve));
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}
console.log(
  `load average: ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
