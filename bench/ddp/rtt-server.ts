/**
 * Server for the method round-trip benchmark: our DDP server with a Mongo.Collection on
 * minimongod (URL from --mongo), a publication observing the collection (so every insert's
 * write fence waits for the change stream), method `insertMessage`, and `insertUnobserved`
 * into a collection nobody observes. Prints `READY <port>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@perseid/ddp-server';
import { Mongo, RemoteCollectionDriver } from '@perseid/mongo';
import { option } from '../option';
import { BENCH_CONNECTION_LIMITS } from '../connection-limits';

const driver = new RemoteCollectionDriver(option('mongo', ''), { reactivity: ['changeStreams'], log: () => undefined });
const messages = new Mongo.Collection<{ _id: string; room: string; text: string }>('bench_rtt', { _driver: driver });
// Nobody observes this one: its method's fence has nothing to wait for.
const unobserved = new Mongo.Collection<{ _id: string; room: string; text: string }>('bench_rtt_unobserved', { _driver: driver });
await messages.removeAsync({});
await unobserved.removeAsync({});

const server = new Server({ ...BENCH_CONNECTION_LIMITS });
server.publish('room', () => messages.find({ room: 'r' }, { sort: { _id: 1 }, limit: 1 }) as never);
server.publish('roomAll', () => messages.find({ room: 'r' }) as never);
server.methods({
  insertMessage: (text: string) => messages.insertAsync({ room: 'r', text }),
  insertUnobserved: (text: string) => unobserved.insertAsync({ room: 'r', text }),
  noop: (text: string) => text.length,
});
const http = createServer((_request, response) => response.end());
server.attach(http);
http.listen(0, '127.0.0.1', () => console.log(`READY ${(http.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
