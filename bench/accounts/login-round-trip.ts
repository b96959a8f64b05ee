/**
 * Login round trips over a real DDP WebSocket against the real server and minimongod:
 *   bare   — a method that returns its argument (the floor: DDP + WebSocket + method dispatch)
 *   resume — `login({ resume })`: token hash + user lookup + setUserId (re-runs the own-user
 *            publication)
 *   password — `login({ user, password })` with argon2id at the default parameters
 * plus the two refusals that must look alike — wrong password for a real user, and an unknown
 * user (which spends a dummy argon2id verify) — and, for scale, one argon2id verify and one bcrypt (cost 10, Meteor's default) verify alone.
 * The three round trips are interleaved in the same run so load changes hit them alike.
 *
 *   node --import tsx bench/accounts/login-round-trip.ts [iterations]
 */
import { cpus, loadavg } from 'node:os';
import bcrypt from 'bcryptjs';
import { Mongo } from '@perseid/mongo';
import { AccountsServer, addDefaultLoginRateLimit } from '@perseid/accounts-base';
import { DdpRateLimiter } from '@perseid/ddp-rate-limiter';
import type { UserDocument } from '@perseid/accounts-base';
import { DEFAULT_ARGON2_PARAMETERS, digestPassword, enablePasswordAccounts, PasswordHasher } from '@perseid/accounts-base';
import { RawDdpClient } from '../../packages/accounts-base/test/raw-ddp-client';
import { startDdpStack } from '../ddp-stack';
import { percentiles } from '../percentiles';

const ITERATIONS = Number(process.argv[2] ?? 100);
const WARMUP = 10;

function summarize(samples: number[]): string {
  const summary = percentiles(samples);
  return `median ${summary.at(50).toFixed(2)} ms, p90 ${summary.at(90).toFixed(2)} ms, mean ${summary.mean.toFixed(2)} ms (n=${summary.n})`;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const stack = await startDdpStack();
  const { driver, server, url } = stack;
  const users = new Mongo.Collection<UserDocument>('bench_users', { _driver: driver, defineMutationMethods: false });
  // The wrong-password limits would answer the repeated refusals without a hash; what is
  // measured here is the hash itself, so they are lifted.
  const unlimited = { freeFailures: 1_000_000 };
  const accounts = enablePasswordAccounts(new AccountsServer({ users, host: server }), {
    email: { sendAsync: async () => undefined, close: () => undefined },
    loginAttemptLimits: { perAccountAndAddress: unlimited, perAccount: unlimited, perAddress: unlimited },
  });
  accounts.start();
  server.methods({ 'bench.echo': async (x: unknown) => x });

  const client = await RawDdpClient.connect(url);
  const password = await digestPassword('bench password');
  const created = (await client.call('createUser', { username: 'bench', password })) as { token: string };

  const bare: number[] = [];
  const resume: number[] = [];
  const login: number[] = [];
  const wrongPassword: number[] = [];
  const unknownUser: number[] = [];
  const wrong = await digestPassword('not the password');
  // The same bare method with DDPRateLimiter consulted (the default login rule installed, which
  // does not match bench.echo): what the limiter adds to every call.
  const limited: number[] = [];
  const limiter = new DdpRateLimiter();
  addDefaultLoginRateLimit(limiter);
  const limit = (on: boolean) => server.setRateLimiter(on ? (input) => limiter.check(input) : null);
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    // Alternate which of the two goes first: back-to-back calls favour the second one.
    let b = 0;
    let l = 0;
    if (i % 2 === 0) {
      b = await time(() => client.call('bench.echo', i));
      limit(true);
      l = await time(() => client.call('bench.echo', i));
      limit(false);
    } else {
      limit(true);
      l = await time(() => client.call('bench.echo', i));
      limit(false);
      b = await time(() => client.call('bench.echo', i));
    }
    const r = await time(() => client.call('login', { resume: created.token }));
    const p = await time(() => client.call('login', { user: { username: 'bench' }, password }));
    const w = await time(() => client.refused('login', { user: { username: 'bench' }, password: wrong }));
    const u = await time(() => client.refused('login', { user: { username: `nobody${i}` }, password: wrong }));
    if (i >= WARMUP) {
      bare.push(b);
      limited.push(l);
      resume.push(r);
      login.push(p);
      wrongPassword.push(w);
      unknownUser.push(u);
    }
  }

  const hasher = new PasswordHasher();
  const stored = await hasher.hash(password.digest);
  const argonAlone: number[] = [];
  const bcryptHash = bcrypt.hashSync(password.digest, 10);
  const bcryptAlone: number[] = [];
  for (let i = 0; i < 20; i++) {
    argonAlone.push(await time(() => hasher.check({ argon2: stored }, password.digest)));
    bcryptAlone.push(await time(() => bcrypt.compare(password.digest, bcryptHash)));
  }

  const p = DEFAULT_ARGON2_PARAMETERS;
  console.log(
    `node ${process.version}, ${cpus().length} cores, loadavg ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(`argon2id m=${p.memoryCostKiB} KiB, t=${p.timeCost}, p=${p.parallelism}`);
  console.log(`bare method round trip      : ${summarize(bare)}`);
  console.log(`bare method, rate limiter on : ${summarize(limited)}`);
  console.log(`resume login round trip     : ${summarize(resume)}`);
  console.log(`password login round trip   : ${summarize(login)}`);
  console.log(`wrong password (refused)    : ${summarize(wrongPassword)}`);
  console.log(`unknown user (refused)      : ${summarize(unknownUser)}`);
  console.log(`argon2id verify alone       : ${summarize(argonAlone)}`);
  console.log(`bcrypt(10) verify alone     : ${summarize(bcryptAlone)}`);

  await client.close();
  accounts.stop();
  await stack.close();
}

await main();
