/**
 * Reconnect storm, resumption vs resubscribe (server on core 0, clients on core 1).
 *   node --import tsx bench/ddp/run-storm.ts [--clients 500] [--docs 200]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { option } from '../option';

const here = fileURLToPath(new URL('.', import.meta.url));
const clients = option('clients', '500');
const docs = option('docs', '200');
for (const mode of ['resubscribe', 'resume']) {
  const server = spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', `${here}storm-server.ts`, '--docs', docs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve) => {
    createInterface({ input: server.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.slice(6));
    });
  });
  const client = spawn(
    'taskset',
    ['-c', '1', process.execPath, '--import', 'tsx', `${here}storm-client.ts`, '--port', port, '--clients', clients, '--mode', mode],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  createInterface({ input: client.stdout }).on('line', (line) => {
    const r = JSON.parse(line) as { resyncMs: number; serverCpuMs: number; bytesToClients: number };
    console.log(
      `${mode.padEnd(12)} ${clients} clients × ${docs} docs: back in sync after ${r.resyncMs} ms, server CPU ${r.serverCpuMs} ms, ${(r.bytesToClients / 1e6).toFixed(2)} MB sent`,
    );
  });
  await new Promise((resolve) => client.once('exit', resolve));
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}
console.log(
  `load average: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
