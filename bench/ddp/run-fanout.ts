/**
 * Fan-out benchmark orchestrator. For each system: the server pinned to core 0, the load
 * generator pinned to core 1, 1,000 subscribers, writer ramped until saturation. Prints every
 * step and a summary; raw lines go to bench/ddp/results-fanout.jsonl.
 *
 *   node --import tsx bench/ddp/run-fanout.ts [--systems ws,perseid,perseid-merge,feathers]
 *        [--clients 1000] [--rates 10,25,50,100,150,200,300,400]
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { option } from '../option';

const here = fileURLToPath(new URL('.', import.meta.url));
const systems = option('systems', 'ws,perseid,perseid-merge,feathers').split(',');
const passThrough = ['clients', 'rates', 'step-ms', 'drain-ms', 'sample-every'].flatMap((name) => {
  const value = option(name, '');
  return value === '' ? [] : [`--${name}`, value];
});
const out = `${here}results-fanout.jsonl`;

interface Step {
  system: string;
  writesPerSecond: number;
  offeredDeliveriesPerSecond: number;
  deliveredPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  serverCpuPct: number;
  generatorCpuPct: number;
  deliveriesPerServerCpuSecond: number;
}

async function runSystem(system: string): Promise<Step[]> {
  const server = spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', `${here}fanout-server.ts`, '--system', system], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<string[]>((resolve, reject) => {
    const lines = createInterface({ input: server.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.split(' ').slice(1));
    });
    server.once('exit', (code) => reject(new Error(`${system} server exited ${code}`)));
  });
  const [port, cpuPort = port] = ready;
  const steps: Step[] = [];
  const client = spawn(
    'taskset',
    [
      '-c',
      '1',
      process.execPath,
      '--import',
      'tsx',
      `${here}fanout-client.ts`,
      '--system',
      system,
      '--port',
      String(port),
      '--cpu-port',
      String(cpuPort),
      ...passThrough,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: client.stdout });
  lines.on('line', (line) => {
    if (!line.startsWith('{')) return;
    const step = JSON.parse(line) as Step;
    steps.push(step);
    appendFileSync(out, `${line}\n`);
    console.log(
      `${system.padEnd(14)} R=${String(step.writesPerSecond).padStart(4)}/s offered ${String(step.offeredDeliveriesPerSecond).padStart(7)}/s delivered ${String(step.deliveredPerSecond).padStart(7)}/s ` +
        `p50 ${step.latencyMs.p50.toFixed(1)} p99 ${step.latencyMs.p99.toFixed(1)} max ${step.latencyMs.max.toFixed(1)} ms  server CPU ${step.serverCpuPct}% (${step.deliveriesPerServerCpuSecond}/CPU-s)  generator CPU ${step.generatorCpuPct}%`,
    );
  });
  await new Promise((resolve) => client.once('exit', resolve));
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  return steps;
}

const summary: Array<Record<string, unknown>> = [];
for (const system of systems) {
  const steps = await runSystem(system);
  const ceiling = Math.max(...steps.map((step) => step.deliveredPerSecond));
  const at50k = steps.find((step) => Math.abs(step.offeredDeliveriesPerSecond - 50_000) / 50_000 < 0.1);
  // Deliveries per server CPU-second at the busiest unsaturated-or-not step: how far one core goes.
  const perCpu = Math.max(...steps.map((step) => step.deliveriesPerServerCpuSecond));
  summary.push({
    system,
    ceilingDeliveriesPerSecond: ceiling,
    maxDeliveriesPerServerCpuSecond: perCpu,
    at50k: at50k ? { ...at50k.latencyMs, serverCpuPct: at50k.serverCpuPct } : null,
  });
}
console.log(JSON.stringify({ load: (await import('node:os')).loadavg(), summary }, null, 1));
