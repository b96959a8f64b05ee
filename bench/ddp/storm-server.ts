/**
 * Server for the reconnect-storm benchmark: our DDP server with publication `room`, which
 * publishes a fixed set of documents (--docs, default 200). `GET /cpu` reports process CPU.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Subscription } from '@perseid/ddp-server';
import { TEXT } from './payload';
import { option } from '../option';
import { BENCH_CONNECTION_LIMITS } from '../connection-limits';

const docs = Number(option('docs', '200'));
const documents = Array.from({ length: docs }, (_, i) => ({ id: `d${i}`, fields: { text: TEXT, n: i } }));
const server = new Server({ ...BENCH_CONNECTION_LIMITS });
server.publish('room', function (this: Subscription) {
  for (const doc of documents) this.added('messages', doc.id, doc.fields);
  this.ready();
});
const http = createServer((request, response) => {
  if (request.url !== '/cpu') return void response.end();
  const cpu = process.cpuUsage();
  response.end(JSON.stringify({ userUs: cpu.user, systemUs: cpu.system }));
});
server.attach(http);
http.listen(0, '127.0.0.1', () => console.log(`READY ${(http.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
