/**
 * 200 simulated users (DDP clients) in 20 channels, each sending one message per 10 s, against
 * the app server (booted as `meteor run` boots it, without the file watcher): its CPU and memory, beside the same 200 users
 * connected and subscribed but idle. Run: npx tsx bench/chat/load-200-users.bench.ts [seconds]
 */
import type { Connection } from '@perseid/ddp-client';
import { BenchServer } from './bench-server';
import { machineLoad, processUsage, signUpClient } from './bench-support';

const USERS = 200;
const CHANNELS = 20;
const SECONDS = Number(process.argv[2] ?? 60);
const INTERVAL_MS = 10_000;

const app = await BenchServer.start('none');
const url = `http://127.0.0.1:${app.port}`;
const clients: { connection: Connection; channelId: string; userId: string }[] = [];
try {
  // channels.create is rate limited per user, so the first user of each channel creates it.
  const channelIds: string[] = [];
  for (let u = 0; u < USERS; u++) {
    const client = await signUpClient(url, `load${u}x${Date.now().toString(36)}`);
    const c = u % CHANNELS;
    if (u < CHANNELS) channelIds.push((await client.connection.callAsync('channels.create', { name: `load-${c}-${Date.now().toString(36)}`, kind: 'public' })) as string);
    else await client.connection.callAsync('channels.join', { channelId: channelIds[c] });
    const channelId = channelIds[c] as string;
    for (const [name, args] of [['channels.mine'], ['users.directory'], ['presence'], ['messages.channel', { channelId }], ['typing', { channelId }]] as const) {
      client.connection.subscribe(name, ...(args === undefined ? [] : [args]));
    }
    clients.push({ connection: client.connection, channelId, userId: client.userId });
  }
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const pid = app.pid;

  const measure = async (label: string, sending: boolean): Promise<void> => {
    const start = processUsage(pid);
    const t0 = Date.now();
    let sent = 0;
    let failed = 0;
    const timers = clients.map((client, i) => {
      if (!sending) return undefined;
      // Spread the users evenly over the interval, as independent people would be.
      const offset = (i * INTERVAL_MS) / clients.length;
      let n = 0;
      const tick = (): void => {
        n++;
        client.connection
          .callAsync('messages.send', { _id: `${client.userId}-${label}-${n}`, channelId: client.channelId, text: `message ${n} from a simulated user` })
          .then(() => sent++, () => failed++);
      };
      const first = setTimeout(() => {
        tick();
        const every = setInterval(tick, INTERVAL_MS);
        timersToClear.push(every);
      }, offset);
      return first;
    });
    const timersToClear: ReturnType<typeof setInterval>[] = [];
    let peakRss = start.rssMiB;
    const sampler = setInterval(() => {
      try {
        peakRss = Math.max(peakRss, processUsage(pid).rssMiB);
      } catch {
        // the server restarted; detected below
      }
    }, 1000);
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    for (const t of timers) if (t !== undefined) clearTimeout(t);
    for (const t of timersToClear) clearInterval(t);
    clearInterval(sampler);
    const end = processUsage(pid);
    const elapsed = (Date.now() - t0) / 1000;
    const cpu = ((end.cpuSeconds - start.cpuSeconds) / elapsed) * 100;
    console.log(
      JSON.stringify({ scenario: label, users: USERS, channels: CHANNELS, seconds: Math.round(elapsed), messagesSent: sent, failed, serverCpuPercentOfOneCore: Number(cpu.toFixed(1)), rssStartMiB: Math.round(start.rssMiB), rssEndMiB: Math.round(end.rssMiB), rssPeakMiB: Math.round(peakRss), load: machineLoad() }),
    );
  };
  await measure('idle-baseline', false);
  await measure('chatting-1-per-10s', true);
} finally {
  for (const client of clients) client.connection.close();
  await app.stop();
}
