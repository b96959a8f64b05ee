/** Companion of accounts-client.browser.test.ts (runs in Node): minimongod, a DDP server and password accounts. */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@perseid/ddp-server';
import { startMinimongod, type MinimongodHandle } from '@perseid/minimongod';
import { Mongo, RemoteCollectionDriver } from '@perseid/mongo';
import { AccountsServer, enablePasswordAccounts } from '../src/index';
import type { PasswordAccounts, UserDocument } from '../src/index';

let mongo: MinimongodHandle | undefined;
let driver: RemoteCollectionDriver | undefined;
let http: HttpServer | undefined;
let ddp: Server | undefined;
let stream: { close(): Promise<void> } | undefined;
let accounts: PasswordAccounts | undefined;

export async function setup(): Promise<{ ddpUrl: string; httpUrl: string; usersName: string }> {
  mongo = await startMinimongod({ port: 0, quiet: true });
  driver = new RemoteCollectionDriver(mongo.url, { log: () => undefined });
  const usersName = 'browser_users';
  const users = new Mongo.Collection<UserDocument>(usersName, { _driver: driver, defineMutationMethods: false });
  ddp = new Server({ log: () => {} });
  accounts = enablePasswordAccounts(new AccountsServer({ users, host: ddp }), {
    argon2: { memoryCostKiB: 1024, timeCost: 1, parallelism: 1 },
    email: { sendAsync: async () => undefined, close: () => undefined },
  });
  accounts.start();
  http = createServer((_req, res) => res.end());
  stream = ddp.attach(http, { allowedOrigins: ['*'] });
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return { ddpUrl: `ws://127.0.0.1:${port}/websocket`, httpUrl: `http://127.0.0.1:${port}`, usersName };
}

export async function teardown(): Promise<void> {
  accounts?.stop();
  await ddp?.close();
  await stream?.close();
  http?.closeAllConnections();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  await driver?.close();
  await mongo?.stop();
}
