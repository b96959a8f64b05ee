/**
 * The chat load of bench/cluster: `clients` DDP clients (the real client library, each with its
 * client collection, reconnecting through whatever the URL points at) in rooms of equal size,
 * each subscribed to its room; messages sent at `rate` per second by random clients through the
 * fixture's `messages.send` method. Every message carries its sequence number and send time, so
 * each client's `added` is a delivery with a latency (the sender's own copy, from its stub, is not
 * counted). Kept per message: who still has to receive it; per client: what it has seen (a second
 * `added` of one message is a duplicate delivery).
 */
import * as hdr from 'hdr-histogram-js';
import { chatClient, subscribed, type ChatClient } from '../../packages/tool/test/cluster-fixture';

export interface LoadShape {
  readonly clients: number;
  readonly rooms: number;
  /** Messages per second over all rooms. */
  readonly rate: number;
}

interface Pending {
  readonly sentAt: number;
  remaining: number;
}

/** Latency histograms per send-time bucket (for plots), plus the whole run's. */
export interface Bucket {
  /** ms since the load started sending */
  readonly startMs: number;
  readonly histogram: hdr.Histogram;
}

const histogram = (): hdr.Histogram => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 36_000_000, numberOfSignificantValueDigits: 2 });

/** Latencies are recorded in tenths of a millisecond. */
export const TICKS_PER_MS = 10;

export class ChatLoad {
  readonly #members: { client: ChatClient; room: string; index: number; seen: Set<number> }[] = [];
  readonly #pending = new Map<number, Pending>();
  readonly buckets: Bucket[] = [];
  readonly all = histogram();
  #seq = 0;
  #sendStarted = 0;
  #timer: NodeJS.Timeout | undefined;
  sent = 0;
  acknowledged = 0;
  /** Ids of acknowledged messages in send order (for a retention sweep), while `keepIds`. */
  readonly acknowledgedIds: string[] = [];
  keepIds = false;
  failed = 0;
  readonly failures = new Map<string, number>();
  deliveries = 0;
  duplicates = 0;
  /** Deliveries of messages never sent by this run (left from an earlier one): none expected. */
  strays = 0;

  constructor(
    readonly shape: LoadShape,
    readonly url: () => string,
    readonly bucketMs: number,
  ) {}

  roomOf(index: number): string {
    return `room-${index % this.shape.rooms}`;
  }

  get roomSize(): number {
    return this.shape.clients / this.shape.rooms;
  }

  /** Connects and subscribes everyone, `batch` at a time; resolves when all are ready. */
  async connect(batch = 50): Promise<void> {
    for (let start = 0; start < this.shape.clients; start += batch) {
      const ready: Promise<void>[] = [];
      for (let index = start; index < Math.min(this.shape.clients, start + batch); index++) {
        const client = chatClient(this.url);
        const room = this.roomOf(index);
        const member = { client, room, index, seen: new Set<number>() };
        this.#members.push(member);
        client.messages.find({ room }).observeChanges({
          added: (_id, fields) => this.#delivered(member, String((fields as { text?: unknown }).text)),
        });
        ready.push(subscribed(client, room));
      }
      await Promise.all(ready);
    }
  }

  #delivered(member: { index: number; seen: Set<number> }, text: string): void {
    const [seqText, senderText, sentText] = text.split('|');
    const seq = Number(seqText);
    if (Number(senderText) === member.index) return;
    if (member.seen.has(seq)) {
      this.duplicates++;
      return;
    }
    member.seen.add(seq);
    const pending = this.#pending.get(seq);
    const sentAt = Number(sentText);
    if (pending === undefined) {
      this.strays++;
      return;
    }
    this.deliveries++;
    const latencyTicks = Math.max(1, Math.round((performance.now() - sentAt) * TICKS_PER_MS));
    this.all.recordValue(latencyTicks);
    this.#bucketAt(sentAt).histogram.recordValue(latencyTicks);
    pending.remaining--;
    if (pending.remaining === 0) this.#pending.delete(seq);
  }

  #bucketAt(sentAt: number): Bucket {
    const index = Math.max(0, Math.floor((sentAt - this.#sendStarted) / this.bucketMs));
    while (this.buckets.length <= index) this.buckets.push({ startMs: this.buckets.length * this.bucketMs, histogram: histogram() });
    return this.buckets[index] as Bucket;
  }

  /** Starts sending at the shape's rate until `stopSending()`. */
  startSending(): void {
    this.#sendStarted = performance.now();
    const tick = (): void => {
      const due = Math.floor(((performance.now() - this.#sendStarted) / 1000) * this.shape.rate);
      while (this.sent < due) this.#sendOne();
    };
    this.#timer = setInterval(tick, 10);
  }

  get sendStartedAt(): number {
    return this.#sendStarted;
  }

  stopSending(): void {
    clearInterval(this.#timer);
  }

  #sendOne(): void {
    const sender = this.#members[Math.floor(Math.random() * this.#members.length)];
    if (sender === undefined) return;
    const seq = this.#seq++;
    const sentAt = performance.now();
    this.sent++;
    // Deliveries can arrive before the sender's answer: the expectation starts at the send.
    const already = this.#members.filter((m) => m.room === sender.room && m.index !== sender.index && m.seen.has(seq)).length;
    this.#pending.set(seq, { sentAt, remaining: this.roomSize - 1 - already });
    sender.client.send(sender.room, `${seq}|${sender.index}|${sentAt.toFixed(2)}`).then(
      (id) => {
        this.acknowledged++;
        if (this.keepIds && typeof id === 'string') this.acknowledgedIds.push(id);
      },
      (error: unknown) => {
        // A send that failed with an error was never stored (or the caller was told so): no
        // delivery is owed for it.
        this.failed++;
        const key = error instanceof Error ? error.message.slice(0, 80) : String(error);
        this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
        this.#pending.delete(seq);
      },
    );
  }

  /** Deliveries still owed, and the age of the oldest one (ms; 0 when none). */
  backlog(): { owed: number; oldestMs: number } {
    let owed = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const p of this.#pending.values()) {
      owed += p.remaining;
      if (p.sentAt < oldest) oldest = p.sentAt;
    }
    return { owed, oldestMs: owed === 0 ? 0 : performance.now() - oldest };
  }

  connectedCount(): number {
    return this.#members.filter((m) => m.client.connection.status().connected).length;
  }

  close(): void {
    this.stopSending();
    for (const m of this.#members) m.client.close();
  }
}

export function ms(ticks: number): number {
  return ticks / TICKS_PER_MS;
}
