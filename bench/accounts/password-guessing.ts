/**
 * Password guessing across connections (issue 11 item 10): 60 sockets from one address guess one
 * account's password for D seconds, each reconnecting after every 5 attempts (Meteor's
 * per-connection limit: 5 login calls per 10 s), while another signed-in user calls a method
 * every 50 ms. Run twice in the same process: with the wrong-password limits lifted (the
 * baseline, what the per-connection rule alone allows) and with the defaults.
 * Reports the guesses whose password was checked, those refused, and the other user's round trip.
 *
 *   node --import tsx bench/accounts/password-guessing.ts [seconds]
 */
import { cpus, loadavg } from 'node:os';
import { Mongo } from '@perseid/mongo';
import { AccountsServer, addDefaultLoginRateLimit } from '@perseid/accounts-base';
import type { UserDocument } from '@perseid/accounts-base';
import { DdpRateLimiter } from '@perseid/ddp-rate-limiter';
import { digestPassword, enablePasswordAccounts } from '@perseid/accounts-base';
import type { PasswordAccountsOptions } from '@perseid/accounts-base';
import { DdpCallError, RawDdpClient } from '../../packages/accounts-base/test/raw-ddp-client';
import { startDdpStack } from '../ddp-stack';
import { percentiles } from '../percentiles';

const SECONDS = Number(process.argv[2] ?? 10);
const SOCKETS = 60;

async function run(label: string, limits: PasswordAccountsOptions['loginAttemptLimits']): Promise<void> {
  const stack = await startDdpStack({}, { httpForwardedCount: 0 });
  const { driver, server, url } = stack;
  const users = new Mongo.Collection<UserDocument>('bench_users', { _driver: driver, defineMutationMethods: false });
  const limiter = new DdpRateLimiter();
  addDefaultLoginRateLimit(limiter);
  server.setRateLimiter((input) => limiter.check(input));
  const accounts = enablePasswordAccounts(new AccountsServer({ users, host: server }), {
    email: { sendAsync: async () => undefined, close: () => undefined },
    ...(limits !== undefined ? { loginAttemptLimits: limits } : {}),
  });
  accounts.start();
  server.methods({ 'bench.echo': async (x: unknown) => x });
  await accounts.createUser({ username: 'target', password: 'the real one' });
  await accounts.createUser({ username: 'bystander', password: 'theirs' });

  const bystander = await RawDdpClient.connect(url);
  await bystander.call('login', { user: { username: 'bystander' }, password: await digestPassword('theirs') });
  const wrong = await digestPassword('guess');
  const deadline = Date.now() + SECONDS * 1000;
  const outcomes = { checked: 0, refused: 0, other: 0 };

  async function guesser(): Promise<void> {
    while (Date.now() < deadline) {
      const socket = await RawDdpClient.connect(url);
      for (let i = 0; i < 5 && Date.now() < deadline; i++) {
        try {
          await socket.call('login', { user: { username: 'target' }, password: wrong });
          outcomes.other += 1;
        } catch (error) {
          const code = error instanceof DdpCallError ? error.wire.error : undefined;
          if (code === 403) outcomes.checked += 1;
          else if (code === 'too-many-requests') outcomes.refused += 1;
          else outcomes.other += 1;
        }
      }
      await socket.close();
    }
  }

  const roundTrips: number[] = [];
  async function bystanderLoop(): Promise<void> {
    while (Date.now() < deadline) {
      const start = process.hrtime.bigint();
      await bystander.call('bench.echo', 1);
      roundTrips.push(Number(process.hrtime.bigint() - start) / 1e6);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  await Promise.all([...Array.from({ length: SOCKETS }, guesser), bystanderLoop()]);
  console.log(
    `${label.padEnd(34)}: password checked ${outcomes.checked} (${(outcomes.checked / SECONDS).toFixed(1)}/s), refused ${outcomes.refused}, other ${outcomes.other}; ` +
      `bystander round trip median ${percentiles(roundTrips).at(50).toFixed(2)} ms, p90 ${percentiles(roundTrips).at(90).toFixed(2)} ms, max ${percentiles(roundTrips).max.toFixed(2)} ms (n=${roundTrips.length})`,
  );

  await bystander.close();
  accounts.stop();
  await stack.close();
}

const unlimited = { freeFailures: 1_000_000 };
console.log(
  `node ${process.version}, ${cpus().length} cores, loadavg ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${SOCKETS} sockets, ${SECONDS} s each`,
);
await run('per-connection rule only (before)', { perAccountAndAddress: unlimited, perAccount: unlimited, perAddress: unlimited });
await run('with wrong-password limits', undefined);
