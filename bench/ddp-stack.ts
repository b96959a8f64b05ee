/**
 * The in-process stack the DDP and accounts benchmarks measure: an embedded minimongod, a
 * collection driver on it, and a DDP server listening on a loopback port. Benchmarks open many
 * sockets from one address, so the per-address connection limits are lifted unless the options
 * set them. `close()` stops everything in dependency order; close clients and accounts first.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type AttachOptions, type ServerOptions } from '@perseid/ddp-server';
import { startMinimongod } from '@perseid/minimongod';
import { RemoteCollectionDriver } from '@perseid/mongo';
import { BENCH_CONNECTION_LIMITS } from './connection-limits';

export interface DdpStack {
  readonly driver: RemoteCollectionDriver;
  readonly server: Server;
  /** `ws://127.0.0.1:<port>/websocket` */
  readonly url: string;
  close(): Promise<void>;
}

export async function startDdpStack(serverOptions: ServerOptions = {}, attachOptions: AttachOptions = {}): Promise<DdpStack> {
  const mongo = await startMinimongod({ port: 0, quiet: true });
  const driver = new RemoteCollectionDriver(mongo.url, { log: () => undefined });
  const server = new Server({ ...BENCH_CONNECTION_LIMITS, log: () => undefined, ...serverOptions });
  const http = createServer();
  const stream = server.attach(http, attachOptions);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/websocket`;
  return {
    driver,
    server,
    url,
    async close() {
      await server.close();
      await stream.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await driver.close();
      await mongo.stop();
    },
  };
}
