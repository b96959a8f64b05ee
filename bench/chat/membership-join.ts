/**
 * What one join to a channel costs the channel's other members on the wire: DDP frames and bytes
 * received, summed over every member's connection, at several channel sizes, for this working
 * tree ("on demand": channels.mine sends memberCount/joined, member lists come from
 * channels.members) and for a baseline commit whose channels.mine published the whole memberIds
 * array ("full list"). Both run in the same invocation, one after the other, each on its own
 * `meteor run --production` over a throwaway copy; the baseline's app is taken from git with
 * `git archive` and runs on this tree's runtime packages (its commit changed only the app).
 *
 * Method: `--connected` members (default 50) are real users on their own raw WebSockets
 * (no compression), subscribed to channels.mine and to the channel's messages, as an open
 * workspace page is; the rest of the channel is made of stand-in member ids written straight into
 * the channel document. Every connected member receives the same frames for a join, so the
 * per-join total is the mean per-connection figure × the members before the join. `--joins`
 * fresh users join one after another; each join's frames are counted once the sockets are quiet.
 *
 *   npx tsx bench/chat/membership-join.ts [--sizes 10,1000,5000] [--connected 50] [--joins 5] [--baseline <commit>]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { digestPassword } from '@perseid/accounts-base';
import { startApp } from '../../tests/e2e/support/app-process';
import { REPO_ROOT } from '../../tests/e2e/support/app-copy';
import { uniqueName } from '../../tests/e2e/support/unique-name';
import { RawDdpSocket } from '../../tests/helpers/raw-ddp-socket';
import { loadAverage } from './server-usage';
import { countOption, option } from '../option';
import { appDatabase } from './seed-channel';

/** The last commit whose channels.mine published every member id. */
const DEFAULT_BASELINE = '1d4fca4';
const QUIET_MS = 250;
const QUIET_LIMIT_MS = 10_000;

const sizes = option('sizes', '10,1000,5000').split(',').map(Number);
if (sizes.some((size) => !Number.isInteger(size) || size < 2)) throw new Error('--sizes: channel sizes of at least 2, comma-separated');
const connectedMax = countOption('connected', 50);
const joins = countOption('joins', 5);
const baseline = option('baseline', DEFAULT_BASELINE);
const git = (...args: string[]): string => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
const head = git('rev-parse', '--short', 'HEAD');
const baselineCommit = git('rev-parse', '--short', baseline);
const dirty = git('status', '--porcelain', '--', 'imports', 'server', 'client').length > 0;

interface JoinFigures {
  readonly members: number;
  readonly framesPerConnection: number;
  readonly bytesPerConnection: number;
}

interface SizeResult {
  readonly variant: string;
  readonly size: number;
  readonly connected: number;
  readonly joins: JoinFigures[];
  readonly joinCallMs: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function signUp(url: string, prefix: string): Promise<{ socket: RawDdpSocket; userId: string }> {
  const socket = await RawDdpSocket.open(url);
  socket.keepTexts = false;
  const username = uniqueName(prefix);
  const result = (await socket.call('createUser', { username, password: await digestPassword(`${username}-password`), profile: { name: username } })) as {
    id: string;
  };
  return { socket, userId: result.id };
}

/** Waits until none of `sockets` has received a frame for QUIET_MS. */
async function quiet(sockets: readonly RawDdpSocket[]): Promise<void> {
  const total = (): number => sockets.reduce((sum, socket) => sum + socket.tally.frames, 0);
  const deadline = Date.now() + QUIET_LIMIT_MS;
  let seen = -1;
  while (Date.now() < deadline) {
    const now = total();
    if (now === seen) return;
    seen = now;
    await sleep(QUIET_MS);
  }
}

async function measureSize(url: string, db: Db, variant: string, size: number): Promise<SizeResult> {
  const connected = Math.min(connectedMax, size);
  const members: RawDdpSocket[] = [];
  const joiners: RawDdpSocket[] = [];
  try {
    const owner = await signUp(url, 'mjowner');
    members.push(owner.socket);
    const channelId = (await owner.socket.call('channels.create', { name: uniqueName('mjoin'), kind: 'public' })) as string;
    for (let i = 1; i < connected; i += 1) {
      const member = await signUp(url, 'mjmember');
      await member.socket.call('channels.join', { channelId });
      members.push(member.socket);
    }
    const standIns = Array.from({ length: size - connected }, (_, i) => `stand-in-${channelId}-${i}`);
    if (standIns.length > 0)
      await db.collection<{ _id: string; memberIds: string[] }>('channels').updateOne({ _id: channelId }, { $addToSet: { memberIds: { $each: standIns } } });
    for (const socket of members) {
      await socket.subscribe('channels.mine');
      await socket.subscribe('messages.channel', { channelId });
    }
    for (let j = 0; j < joins; j += 1) joiners.push((await signUp(url, 'mjjoiner')).socket);
    await quiet(members);

    const figures: JoinFigures[] = [];
    const joinCallMs: number[] = [];
    for (const [j, joiner] of joiners.entries()) {
      for (const socket of members) socket.resetTally();
      const started = performance.now();
      await joiner.call('channels.join', { channelId });
      joinCallMs.push(performance.now() - started);
      await quiet(members);
      const frames = members.reduce((sum, socket) => sum + socket.tally.frames, 0);
      const bytes = members.reduce((sum, socket) => sum + socket.tally.bytes, 0);
      figures.push({ members: size + j, framesPerConnection: frames / members.length, bytesPerConnection: bytes / members.length });
    }
    return { variant, size, connected, joins: figures, joinCallMs };
  } finally {
    for (const socket of [...members, ...joiners]) socket.close();
  }
}

async function measureVariant(variant: string, root: string | undefined): Promise<SizeResult[]> {
  // The test settings lift the per-address connection and sign-up limits all members would share.
  const app = await startApp({ mode: 'production', settings: 'tests/settings.json', ...(root !== undefined ? { root } : {}) });
  const mongo = new MongoClient(app.databaseUrl);
  try {
    await mongo.connect();
    const db = await appDatabase(mongo);
    const results: SizeResult[] = [];
    for (const size of sizes) results.push(await measureSize(app.url, db, variant, size));
    return results;
  } finally {
    await mongo.close();
    await app.stop();
  }
}

/** The baseline commit's app files, over this tree's node_modules. */
function extractBaseline(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'perseid-membership-baseline-'));
  const archive = execFileSync(
    'git',
    ['archive', '--format=tar', baseline, '.meteor', 'client', 'server', 'imports', 'public', 'package.json', 'tsconfig.json', 'tests/settings.json'],
    { cwd: REPO_ROOT, maxBuffer: 256 * 2 ** 20 },
  );
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

const loadBefore = loadAverage();
const baselineApp = extractBaseline();
let results: SizeResult[] = [];
try {
  results = [
    ...(await measureVariant(`full list (${baselineCommit})`, baselineApp.dir)),
    ...(await measureVariant(`on demand (${head}${dirty ? '+changes' : ''})`, undefined)),
  ];
} finally {
  baselineApp.remove();
}

console.log(
  `\nmembership join, ${new Date().toISOString()}, meteor run --production; ${connectedMax} connected members at most per channel, ${joins} joins per size; load average ${loadBefore} before, ${loadAverage()} after`,
);
console.log(`command: npx tsx bench/chat/membership-join.ts --sizes ${sizes.join(',')} --connected ${connectedMax} --joins ${joins} --baseline ${baseline}`);
console.log(
  '| variant | members before the join | connections measured | frames / connection / join | bytes / connection / join | frames / join, all members | bytes / join, all members | join call p50 |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const frames = mean(r.joins.map((j) => j.framesPerConnection));
  const bytes = mean(r.joins.map((j) => j.bytesPerConnection));
  const totalFrames = mean(r.joins.map((j) => j.framesPerConnection * j.members));
  const totalBytes = mean(r.joins.map((j) => j.bytesPerConnection * j.members));
  const p50 = sorted(r.joinCallMs)[Math.floor(r.joinCallMs.length / 2)] ?? Number.NaN;
  console.log(
    `| ${r.variant} | ${r.size} | ${r.connected} | ${frames.toFixed(2)} | ${bytes.toFixed(0)} | ${totalFrames.toFixed(0)} | ${formatBytes(totalBytes)} | ${p50.toFixed(1)} ms |`,
  );
}

function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(1)} KiB`;
  return `${bytes.toFixed(0)} B`;
}
