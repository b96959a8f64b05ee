/**
 * Subscription flood (issue 11 item 3): one signed-in user opens N subscriptions over two
 * sockets, each a distinct query (its own observer), while a writer updates the collection 20
 * times a second and another user calls a method every 20 ms. Run twice in one process: with
 * the subscription limits lifted (the baseline) and with the defaults (100 per connection, 300
 * per user). Reports the subscriptions that went live, those refused, the observer handles, and
 * the other user's round trip while the flood is held.
 *
 *   node --import tsx bench/ddp/subscription-flood.ts [subscriptions] [seconds]
 */
import { cpus, loadavg } from 'node:os';
import type { MethodInvocation } from '@perseid/ddp-server';
import { Mongo, observerStats } from '@perseid/mongo';
import { RawClient } from '../../packages/ddp-server/test/helpers';
import { startDdpStack } from '../ddp-stack';
import { percentiles } from '../percentiles';

const SUBSCRIPTIONS = Number(process.argv[2] ?? 3000);
const SECONDS = Number(process.argv[3] ?? 5);

async function run(label: string, limits: { maxSubscriptionsPerConnection?: number; maxSubscriptionsPerUser?: number }): Promise<void> {
  const stack = await startDdpStack(limits);
  const { driver, server, url } = stack;
  const items = new Mongo.Collection<{ _id: string; n: number; v: number }>('items', { _driver: driver, defineMutationMethods: false });
  for (let n = 0; n < 200; n++) await items.insertAsync({ _id: `i${n}`, n, v: 0 });
  server.publish('items.from', (n: number) => items.find({ n: { $gte: n % 200 }, v: { $gte: -n - 1 } }, { limit: 3, sort: { n: 1 } }));
  server.methods({
    async signIn(this: MethodInvocation, userId: string) {
      await this.setUserId(userId);
    },
    'bench.echo': (x: unknown) => x,
  });

  const call = async (client: RawClient, id: string, method: string, params: unknown[]) => {
    client.send({ msg: 'method', id, method, params });
    await client.next((frame) => frame['msg'] === 'result' && frame['id'] === id);
  };
  const sockets = await Promise.all([RawClient.connect(url), RawClient.connect(url)]);
  for (const [i, { client }] of sockets.entries()) await call(client, `login${i}`, 'signIn', ['flooder']);
  const { client: bystander } = await RawClient.connect(url);
  await call(bystander, 'login', 'signIn', ['bystander']);

  let ready = 0;
  let refused = 0;
  const answered = sockets.map(({ client }, s) => {
    const ids = new Set<string>();
    for (let k = s; k < SUBSCRIPTIONS; k += sockets.length) {
      ids.add(`s${k}`);
      client.send({ msg: 'sub', id: `s${k}`, name: 'items.from', params: [k] });
    }
    return (async () => {
      while (ids.size > 0) {
        const frame = await client.next((f) => f['msg'] === 'ready' || f['msg'] === 'nosub');
        const done = frame['msg'] === 'ready' ? (frame['subs'] as string[]) : [String(frame['id'])];
        for (const id of done) if (ids.delete(id)) frame['msg'] === 'ready' ? ready++ : refused++;
      }
    })();
  });
  const floodStart = Date.now();
  await Promise.all(answered);
  const floodMs = Date.now() - floodStart;
  const handles = observerStats().handles;

  const deadline = Date.now() + SECONDS * 1000;
  let writes = 0;
  const writer = (async () => {
    while (Date.now() < deadline) {
      await items.updateAsync({ _id: `i${writes % 200}` }, { $inc: { v: 1 } });
      writes++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const roundTrips: number[] = [];
  let seq = 0;
  while (Date.now() < deadline) {
    const start = process.hrtime.bigint();
    await call(bystander, `e${seq++}`, 'bench.echo', [1]);
    roundTrips.push(Number(process.hrtime.bigint() - start) / 1e6);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await writer;
  console.log(
    `${label.padEnd(30)}: ${ready} live, ${refused} refused (answered in ${floodMs} ms), ${handles} observer handles; ` +
      `other user's round trip median ${percentiles(roundTrips).at(50).toFixed(2)} ms, p90 ${percentiles(roundTrips).at(90).toFixed(2)} ms, max ${percentiles(roundTrips).max.toFixed(2)} ms (n=${roundTrips.length}, ${writes} writes)`,
  );

  for (const { client } of sockets) await client.close();
  await bystander.close();
  await stack.close();
}

console.log(
  `node ${process.version}, ${cpus().length} cores, loadavg ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${SUBSCRIPTIONS} subscriptions over 2 sockets, ${SECONDS} s measured`,
);
await run('limits lifted (before)', { maxSubscriptionsPerConnection: 1_000_000, maxSubscriptionsPerUser: 1_000_000 });
await run('default limits (100/300)', {});
