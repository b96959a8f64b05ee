/**
 * Dev-loop latency of `meteor run`: from saving a server file to the restarted server answering
 * with the new code, beside a baseline measured in the same run: spawning a bare
 * `node --import tsx` HTTP server until it answers (the floor any restart-based tool pays).
 * Uses a copy of packages/tool/fixtures/app.
 *
 *   node --import tsx bench/tool/restart-latency.ts [rounds=8] [gap-between-saves-ms=3000]
 *
 * Measured twice: with the preloaded standby server (default) and with it turned off
 * (`PERSEID_NO_STANDBY=1`), between two baseline measurements.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentiles } from '../percentiles';

const rounds = Number(process.argv[2] ?? 8);
const gapMs = Number(process.argv[3] ?? 3000);
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** A free port whose successor is free too (meteor run puts minimongod on PORT+1). */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const nextFree = await new Promise<boolean>((resolve) => {
      const s = createServer()
        .once('error', () => resolve(false))
        .listen(port + 1, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (nextFree) return port;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

async function waitForBody(url: string, expected: string): Promise<void> {
  for (;;) {
    try {
      const text = await (await fetch(url)).text();
      if (text.includes(expected)) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

function stats(samples: number[]): string {
  const summary = percentiles(samples);
  return `median ${summary.at(50).toFixed(0)} ms, p90 ${summary.at(90).toFixed(0)} ms, min ${summary.min.toFixed(0)} ms (n=${summary.n})`;
}

const app = mkdtempSync(join(tmpdir(), 'perseid-bench-app-'));
cpSync(join(repo, 'packages/tool/fixtures/app'), app, { recursive: true });
symlinkSync(join(repo, 'node_modules'), join(app, 'node_modules'));
console.log(
  `node ${process.version}, ${rounds} rounds, ${gapMs} ms between saves, load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

// Baseline: a fresh tsx process serving HTTP, spawn → first answer.
const serverFile = join(app, 'bare-server.ts');
writeFileSync(
  serverFile,
  "import { createServer } from 'node:http';\ncreateServer((_q, r) => r.end('bare ready')).listen(Number(process.env.PORT), '127.0.0.1');\n",
);
async function measureBaseline(): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', serverFile], { cwd: app, env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    await waitForBody(`http://127.0.0.1:${port}/`, 'bare ready');
    samples.push(performance.now() - started);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  return samples;
}

// meteor run: save server/main.ts → the restarted server answers with the new generation.
// Saves are spaced like edits (gapMs), giving the standby process time to preload.
let generation = 2;
async function measureRestarts(standby: boolean): Promise<number[]> {
  const port = await freePortPair();
  const env = { ...process.env };
  delete env['MONGO_URL'];
  if (standby) delete env['PERSEID_NO_STANDBY'];
  else env['PERSEID_NO_STANDBY'] = '1';
  const run = spawn(process.execPath, [join(repo, 'packages/meteor/bin/meteor.js'), 'run', '--port', String(port)], {
    cwd: app,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  run.stdout?.setEncoding('utf8').on('data', (s: string) => (output += s));
  while (!output.includes('App running at')) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, gapMs));
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++, generation++) {
    const started = performance.now();
    writeFileSync(
      join(app, 'server/main.ts'),
      `import { WebApp } from 'meteor/webapp';\nWebApp.handlers.get('/api/fixture', (_req, res) => { res.json({ generation: ${generation} }); });\n`,
    );
    await waitForBody(`http://127.0.0.1:${port}/api/fixture`, `"generation":${generation}`);
    samples.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, gapMs));
  }
  run.kill('SIGINT');
  await new Promise((r) => run.once('exit', r));
  return samples;
}

const baselineBefore = await measureBaseline();
const withoutStandby = await measureRestarts(false);
const withStandby = await measureRestarts(true);
const baselineAfter = await measureBaseline();
rmSync(app, { recursive: true, force: true });

console.log(`baseline (before): bare tsx HTTP server, spawn → first answer   ${stats(baselineBefore)}`);
console.log(`meteor run, standby off: save server file → new code answering  ${stats(withoutStandby)}`);
console.log(`meteor run, standby on:  save server file → new code answering  ${stats(withStandby)}`);
console.log(`baseline (after):  bare tsx HTTP server, spawn → first answer   ${stats(baselineAfter)}`);
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
