/**
 * Login capacity under concurrency: C connections each log in L times back to back, all at once,
 * against the real server and minimongod (one process). Reports completed logins per second for
 * password logins (argon2id, default parameters) beside resume logins and a bare method in the
 * same run, so the figure can be read against the machine's state at that moment.
 *
 *   node --import tsx bench/accounts/login-throughput.ts [connections] [loginsPerConnection]
 */
import { cpus, loadavg } from 'node:os';
import { Mongo } from '@perseid/mongo';
import { AccountsServer, DEFAULT_ARGON2_PARAMETERS, digestPassword, enablePasswordAccounts } from '@perseid/accounts-base';
import type { UserDocument } from '@perseid/accounts-base';
import { RawDdpClient } from '../../packages/accounts-base/test/raw-ddp-client';
import { startDdpStack } from '../ddp-stack';

const CONNECTIONS = Number(process.argv[2] ?? 10);
const PER_CONNECTION = Number(process.argv[3] ?? 10);

async function rate(label: string, clients: RawDdpClient[], call: (client: RawDdpClient, i: number) => Promise<unknown>): Promise<void> {
  const start = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < PER_CONNECTION; i++) await call(client, i);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const total = clients.length * PER_CONNECTION;
  console.log(`${label.padEnd(28)}: ${(total / seconds).toFixed(0)} per second (${total} in ${seconds.toFixed(2)} s)`);
}

async function main(): Promise<void> {
  const stack = await startDdpStack();
  const { driver, server, url } = stack;
  const users = new Mongo.Collection<UserDocument>('bench_users', { _driver: driver, defineMutationMethods: false });
  const accounts = enablePasswordAccounts(new AccountsServer({ users, host: server }), { email: { sendAsync: async () => undefined, close: () => undefined } });
  accounts.start();
  server.methods({ 'bench.echo': async (x: unknown) => x });

  const password = await digestPassword('bench password');
  const clients: RawDdpClient[] = [];
  const tokens: string[] = [];
  for (let c = 0; c < CONNECTIONS; c++) {
    const client = await RawDdpClient.connect(url);
    clients.push(client);
    tokens.push(((await client.call('createUser', { username: `bench${c}`, password })) as { token: string }).token);
  }

  const p = DEFAULT_ARGON2_PARAMETERS;
  console.log(
    `node ${process.version}, ${cpus().length} cores, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}, loadavg before ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(`argon2id m=${p.memoryCostKiB} KiB, t=${p.timeCost}, p=${p.parallelism}; ${CONNECTIONS} connections × ${PER_CONNECTION} calls`);
  await rate('bare method (baseline)', clients, (client, i) => client.call('bench.echo', i));
  await rate('resume login', clients, (client) => client.call('login', { resume: tokens[clients.indexOf(client)] }));
  await rate('password login (argon2id)', clients, (client) => client.call('login', { user: { username: `bench${clients.indexOf(client)}` }, password }));
  console.log(
    `loadavg after ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );

  for (const client of clients) await client.close();
  accounts.stop();
  await stack.close();
}

await main();
