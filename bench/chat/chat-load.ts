/**
 * 200 simulated people (real DDP clients over WebSockets, from this process) in 20 public
 * channels, subscribed as the workspace page is, against `meteor run --production` on a
 * throwaway copy. Phase 1 (the baseline, same run): everyone connected and subscribed, idle.
 * Phase 2: everyone chats, one message per person per 10 s, spread evenly. Reported per phase:
 * the app server process's CPU (share of one core) and resident memory from /proc, the
 * messages.send round trip, and write → other members' delivery (server createdAt → arrival).
 *
 *   npx tsx bench/chat/chat-load.ts [--users 200] [--channels 20] [--seconds 60]
 */
import { Random } from '@perseid/random';
import { startApp } from '../../tests/e2e/support/app-process';
import { uniqueName } from '../../tests/e2e/support/unique-name';
import { ms } from './ms';
import { percentiles } from '../percentiles';
import { cpuShare, findServerPid, loadAverage, sampleProcess } from './server-usage';
import type { ProcessSample } from './server-usage';
import { SimulatedUser } from './simulated-user';
import { countOption } from '../option';

const userCount = countOption('users', 200);
const channelCount = countOption('channels', 20);
const seconds = countOption('seconds', 60);
const INTERVAL_MS = 10_000;

const sleep = (msToWait: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, msToWait));

interface PhaseResult {
  readonly label: string;
  readonly from: ProcessSample;
  readonly to: ProcessSample;
  readonly peakRss: number;
  readonly load: string;
  readonly sendMs: number[];
  readonly deliveryMs: number[];
  readonly sent: number;
  readonly failed: number;
}

// The test settings lift the per-address connection and sign-up limits all simulated users would share.
const app = await startApp({ mode: 'production', settings: 'tests/settings.json' });
const users: SimulatedUser[] = [];
let recordDeliveries = false;
const deliveries: number[] = [];
const onMessage = (createdAt: Date): void => {
  if (recordDeliveries) deliveries.push(Date.now() - createdAt.getTime());
};
try {
  const signUpStart = performance.now();
  const channelIds: string[] = [];
  for (let u = 0; u < userCount; u += 1) {
    const user = await SimulatedUser.signUp(app.url, uniqueName(`load${u}x`), onMessage);
    const c = u % channelCount;
    // channels.create is rate limited per user: each channel's first member creates it.
    if (u < channelCount) channelIds.push((await user.connection.callAsync('channels.create', { name: uniqueName(`load${c}x`), kind: 'public' })) as string);
    else await user.connection.callAsync('channels.join', { channelId: channelIds[c] });
    user.openChannel(channelIds[c] ?? '');
    users.push(user);
  }
  const signUpSeconds = (performance.now() - signUpStart) / 1000;
  const pid = findServerPid(app.pid);
  // Let sign-up work and subscriptions settle before measuring.
  await sleep(5000);

  const phase = async (label: string, chatting: boolean): Promise<PhaseResult> => {
    const sendMs: number[] = [];
    let sent = 0;
    let failed = 0;
    deliveries.length = 0;
    recordDeliveries = true;
    const from = sampleProcess(pid);
    let peakRss = from.rssBytes;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, sampleProcess(pid).rssBytes);
    }, 1000);
    const timers: NodeJS.Timeout[] = [];
    let open = true;
    if (chatting) {
      users.forEach((user, i) => {
        const channelId = channelIds[i % channelCount] ?? '';
        const send = (): void => {
          const started = performance.now();
          user.connection.callAsync('messages.send', { _id: `${user.userId}:${Random.id()}`, channelId, text: `simulated message from user ${i}` }).then(
            () => {
              sent += 1;
              sendMs.push(performance.now() - started);
            },
            () => {
              failed += 1;
            },
          );
        };
        // Independent people: evenly spread over the interval, then one every 10 s each.
        timers.push(
          setTimeout(
            () => {
              if (!open) return;
              send();
              timers.push(setInterval(send, INTERVAL_MS));
            },
            (i * INTERVAL_MS) / users.length,
          ),
        );
      });
    }
    await sleep(seconds * 1000);
    open = false;
    for (const timer of timers) clearInterval(timer);
    // Calls still in flight finish before the phase closes.
    await sleep(2000);
    clearInterval(sampler);
    recordDeliveries = false;
    const to = sampleProcess(pid);
    return { label, from, to, peakRss: Math.max(peakRss, to.rssBytes), load: loadAverage(), sendMs, deliveryMs: [...deliveries], sent, failed };
  };

  const idle = await phase('connected and subscribed, idle (baseline)', false);
  const chatting = await phase('chatting: 1 message / person / 10 s', true);

  console.log(
    `\nchat load, ${new Date().toISOString()}, meteor run --production; ${userCount} users in ${channelCount} channels (signed up and subscribed in ${signUpSeconds.toFixed(1)} s), ${seconds} s per phase`,
  );
  console.log(
    '| phase | server CPU (share of one core) | RSS at end | peak RSS | messages sent (failed) | send round trip p50 / p99 | deliveries | delivery p50 / p99 | load average at end |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of [idle, chatting]) {
    const send = r.sendMs.length > 0 ? percentiles(r.sendMs) : undefined;
    const delivery = r.deliveryMs.length > 0 ? percentiles(r.deliveryMs) : undefined;
    console.log(
      `| ${r.label} | ${(cpuShare(r.from, r.to) * 100).toFixed(1)} % | ${(r.to.rssBytes / 2 ** 20).toFixed(0)} MiB | ${(r.peakRss / 2 ** 20).toFixed(0)} MiB | ${r.sent} (${r.failed}) | ${send === undefined ? '–' : `${ms(send.at(50))} / ${ms(send.at(99))}`} | ${r.deliveryMs.length} | ${delivery === undefined ? '–' : `${ms(delivery.at(50))} / ${ms(delivery.at(99))}`} | ${r.load} |`,
    );
  }
} finally {
  for (const user of users) user.close();
  await app.stop();
}
