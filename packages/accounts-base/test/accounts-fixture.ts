/**
 * A real accounts server for tests: minimongod through the official driver, the DDP server on
 * 127.0.0.1:0, password accounts with cheap argon2 costs, the default login rate limit, a
 * controllable clock and an outbox instead of SMTP. `stop()` releases everything.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { enableAutopublishPackage, Server } from '@perseid/ddp-server';
import { startMinimongod } from '@perseid/minimongod';
import { Mongo, RemoteCollectionDriver } from '@perseid/mongo';
import { AccountsServer, addDefaultLoginRateLimit } from '@perseid/accounts-base';
import type { AccountsClock, EmailMessage, UserDocument } from '@perseid/accounts-base';
import { DdpRateLimiter } from '@perseid/ddp-rate-limiter';
import { auditedMethods } from '@perseid/collection-security';
import { enablePasswordAccounts } from '../src/index';
import type { PasswordAccounts, PasswordAccountsOptions } from '../src/index';
import { RawDdpClient } from './raw-ddp-client';

export const FAST_ARGON2 = { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 };

export interface AccountsFixture {
  accounts: PasswordAccounts;
  users: Mongo.Collection<UserDocument>;
  usersName: string;
  server: Server;
  driver: RemoteCollectionDriver;
  limiter: DdpRateLimiter;
  outbox: EmailMessage[];
  url: string;
  /** Moves the accounts clock forward. */
  advance(ms: number): void;
  /** `headers`: e.g. X-Forwarded-For, read when started with `httpForwardedCount`. */
  connect(headers?: Record<string, string>): Promise<RawDdpClient>;
  stop(): Promise<void>;
}

let counter = 0;

export interface AccountsFixtureOptions {
  rateLimit?: boolean;
  audit?: boolean;
  loginAttemptLimits?: PasswordAccountsOptions['loginAttemptLimits'];
  requestLimits?: PasswordAccountsOptions['requestLimits'];
  /** Proxies in front of the server, as HTTP_FORWARDED_COUNT (default 0: the socket's address). */
  httpForwardedCount?: number;
  /** With the autopublish package listed (enabled on this fixture's server before any collection exists). */
  autopublish?: boolean;
}

export async function startAccountsFixture(options: AccountsFixtureOptions = {}): Promise<AccountsFixture> {
  const mongo = await startMinimongod({ port: 0, quiet: true });
  const driver = new RemoteCollectionDriver(mongo.url, { log: () => undefined, changeStreamMaxAwaitMs: 100 });
  counter += 1;
  const usersName = `users_${process.pid}_${counter}`;
  // The suite opens sockets faster than any browser would; the connection limits have their own tests.
  const server = new Server({ log: () => undefined, newConnectionsPerAddress: 10_000 });
  if (options.autopublish === true) enableAutopublishPackage(server);
  const users = new Mongo.Collection<UserDocument>(usersName, { _driver: driver, _preventAutopublish: true });
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  const stream = server.attach(http, { httpForwardedCount: options.httpForwardedCount ?? 0 });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/websocket`;

  let offset = 0;
  const clock: AccountsClock = {
    now: () => new Date(Date.now() + offset),
    setInterval: () => null,
    clearInterval: () => undefined,
  };
  const outbox: EmailMessage[] = [];
  const limiter = new DdpRateLimiter({ now: () => Date.now() + offset });
  server.setRateLimiter((input) => limiter.check(input));
  if (options.rateLimit !== false) addDefaultLoginRateLimit(limiter);

  // In audit mode every method is registered through the audit wrapper, as Meteor.methods does
  // with audit-argument-checks.
  const host =
    options.audit === true
      ? { methods: (map: Parameters<Server['methods']>[0]) => server.methods(auditedMethods(map)), publish: server.publish.bind(server) }
      : server;
  const accounts = enablePasswordAccounts(new AccountsServer({ users, host, clock }), {
    argon2: FAST_ARGON2,
    email: { sendAsync: async (message) => void outbox.push(message), close: () => undefined },
    rootUrl: 'http://perseid.test/',
    ...(options.loginAttemptLimits !== undefined ? { loginAttemptLimits: options.loginAttemptLimits } : {}),
    ...(options.requestLimits !== undefined ? { requestLimits: options.requestLimits } : {}),
  });
  accounts.start();

  const clients: RawDdpClient[] = [];
  return {
    accounts,
    users,
    usersName,
    server,
    driver,
    limiter,
    outbox,
    url,
    advance: (ms) => {
      offset += ms;
    },
    async connect(headers = {}) {
      const client = await RawDdpClient.connect(url, headers);
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) await client.close();
      accounts.stop();
      await server.close();
      await stream.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await driver.close();
      await mongo.stop();
    },
  };
}
