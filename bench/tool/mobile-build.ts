/**
 * What the mobile platforms add to `meteor build`: the chat app built without a mobile platform
 * (the baseline) and with android and ios added (`--server`), alternating, in one run. The
 * parts come from when each step's first line reaches the output:
 *
 *   web.browser client (Vite) → web.cordova client (Vite) → server (esbuild) →
 *   Cordova project (www, config.xml, plugin, `cordova prepare android ios`) → the per-platform
 *   project copies (<dir>/android/project, <dir>/ios/project)
 *
 * No Android SDK here: `cordova build android` is not run (the command then exits 1 after
 * writing everything, which is what is timed); the iOS side is the Xcode project only.
 *
 *   node --import tsx bench/tool/mobile-build.ts [rounds=3]
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rounds = Number(process.argv[2] ?? 3);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const METEOR = join(repo, 'packages/meteor/bin/meteor.js');
const APP_ENTRIES = ['.meteor', 'client', 'server', 'imports', 'public', 'package.json', 'tsconfig.json', 'mobile-config.js', 'resources'];

/** The step each log line starts; the step lasts until the next one starts (or the command ends). */
const MARKERS: readonly (readonly [string, RegExp])[] = [
  ['web.browser client (Vite)', /^=> Building the client \(Vite\)/m],
  ['web.cordova client (Vite)', /^=> Building the client for Cordova/m],
  ['server bundle (esbuild)', /^=> Bundling the server/m],
  ['Cordova project: www, config.xml, plugin, cordova prepare', /^=> Preparing the Cordova project/m],
  ['per-platform project copies', /cordova prepare android ios: done\./m],
];

function copyApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'perseid-bench-mobile-'));
  for (const entry of APP_ENTRIES) {
    if (existsSync(join(repo, entry))) cpSync(join(repo, entry), join(dir, entry), { recursive: true, filter: (s) => !s.includes(join('.meteor', 'local')) });
  }
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function env(): NodeJS.ProcessEnv {
  const e = { ...process.env };
  for (const key of ['ANDROID_HOME', 'ANDROID_SDK_ROOT', 'MOBILE_ROOT_URL', 'MOBILE_DDP_URL', 'METEOR_SETTINGS', 'MONGO_URL']) delete e[key];
  return e;
}

interface Timed {
  readonly total: number;
  readonly parts: ReadonlyMap<string, number>;
  readonly code: number | null;
  readonly output: string;
}

function timedMeteor(args: string[], cwd: string): Promise<Timed> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [METEOR, ...args], { cwd, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const seen = new Map<string, number>();
    const onData = (s: string): void => {
      output += s;
      for (const [name, pattern] of MARKERS) if (!seen.has(name) && pattern.test(output)) seen.set(name, performance.now() - started);
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('close', (code) => {
      const total = performance.now() - started;
      const starts = [...seen.entries()].sort((a, b) => a[1] - b[1]);
      const parts = new Map<string, number>();
      starts.forEach(([name, at], i) => {
        parts.set(name, (starts[i + 1]?.[1] ?? total) - at);
      });
      parts.set('start-up (before the first step)', starts[0]?.[1] ?? total);
      resolve({ total, parts, code, output });
    });
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? (s[(s.length - 1) / 2] ?? NaN) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};
const fmt = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

console.log(`node ${process.version}, ${rounds} rounds each, load average before: ${load()}`);
const plain = copyApp();
const mobile = copyApp();
try {
  const added = await timedMeteor(['add-platform', 'android', 'ios'], mobile);
  if (added.code !== 0) throw new Error(`add-platform failed:\n${added.output}`);
  console.log(`one-time: meteor add-platform android ios (cordova create, both platforms): ${fmt(added.total)}`);
  const baseline: Timed[] = [];
  const withMobile: Timed[] = [];
  for (let i = 0; i < rounds; i++) {
    const b = await timedMeteor(['build', `out${i}`, '--directory'], plain);
    if (b.code !== 0) throw new Error(`baseline build failed:\n${b.output}`);
    baseline.push(b);
    const m = await timedMeteor(['build', `out${i}`, '--directory', '--server', 'https://chat.example.com'], mobile);
    if (!existsSync(join(mobile, `out${i}`, 'ios', 'project', 'config.xml')) || !existsSync(join(mobile, `out${i}`, 'android', 'project', 'config.xml')))
      throw new Error(`mobile build wrote no projects:\n${m.output}`);
    withMobile.push(m);
    console.log(`round ${i + 1}: without platforms ${fmt(b.total)}, with android+ios ${fmt(m.total)} (exit ${m.code}: no Android SDK)`);
  }
  const names = ['start-up (before the first step)', ...MARKERS.map(([n]) => n)];
  console.log('\nmedian of each part          without platforms    with android+ios    added');
  for (const name of names) {
    const b = median(baseline.map((t) => t.parts.get(name) ?? 0));
    const m = median(withMobile.map((t) => t.parts.get(name) ?? 0));
    console.log(`${name.padEnd(58)} ${fmt(b).padStart(8)} ${fmt(m).padStart(10)} ${fmt(m - b).padStart(9)}`);
  }
  const bt = median(baseline.map((t) => t.total));
  const mt = median(withMobile.map((t) => t.total));
  console.log(`${'total (meteor build, start to exit)'.padEnd(58)} ${fmt(bt).padStart(8)} ${fmt(mt).padStart(10)} ${fmt(mt - bt).padStart(9)}`);
} finally {
  rmSync(plain, { recursive: true, force: true });
  rmSync(mobile, { recursive: true, force: true });
  console.log(`load average after: ${load()}`);
}
