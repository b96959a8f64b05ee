/**
 * A durable outbox: chosen method calls are written to storage (IndexedDB in a browser) with their
 * randomSeed until the server answers them, so a call made offline, or in flight when the page
 * went away, is not lost.
 *
 *   call ─► stub runs (as always) ─► record put ─► sent when the connection allows
 *   answer ok ─► record deleted
 *   answer error ─► record deleted, stub effects rolled back by the server's data, failure reported
 *   page reload ─► open(): every record's stub re-applied with its seed (same ids), and the calls
 *                  replayed in their original order; the server answers a call it already ran
 *                  from its replay log instead of running it again
 *
 * A call is never retried forever: each page load that replays it counts an attempt, and past
 * `maxAttempts` it is dropped and reported. Storage that fails (quota, corruption) costs only
 * durability: the calls still go out over the network, and the app is warned once.
 */
import { EJSON } from '@perseid/ejson';
import { MeteorError } from '@perseid/meteor-core';
import { DdpClientErrorCode, outboxGaveUpError } from './ddp-errors';
import type { KeptCall, MethodCallHook } from './method-caller';
import type { OutboxRecord, OutboxStorage } from './outbox-storage';
import { createDependency } from './reactivity';

/** What an outbox needs of a connection (Connection satisfies it). */
export interface OutboxConnection {
  setMethodCallHook(hook: MethodCallHook | undefined): void;
  applyAsync(name: string, args: readonly unknown[], options: { randomSeed: string }): Promise<unknown>;
}

export interface DurableOutboxOptions {
  readonly connection: OutboxConnection;
  readonly storage: OutboxStorage;
  /** Names of the methods whose calls are kept. */
  readonly methods: readonly string[];
  /** Calls kept at once; further ones still go out, without durability. Default 1,000. */
  readonly maxEntries?: number;
  /** Page loads that may replay one call before it is dropped. Default 5. */
  readonly maxAttempts?: number;
  /** Told of every kept call the server refused or the outbox gave up on. */
  readonly onFailure?: (failure: OutboxFailure) => void;
  readonly log?: (message: string, detail?: unknown) => void;
}

export interface OutboxFailure {
  readonly method: string;
  readonly params: readonly unknown[];
  readonly randomSeed: string;
  readonly error: unknown;
}

/** Errors that say nothing about the call: it is kept for the next page load instead. */
const NOT_ANSWERED: ReadonlySet<unknown> = new Set([DdpClientErrorCode.connectionClosed, DdpClientErrorCode.invocationFailed]);

export class DurableOutbox {
  readonly #options: DurableOutboxOptions;
  readonly #methods: ReadonlySet<string>;
  readonly #maxEntries: number;
  readonly #maxAttempts: number;
  readonly #log: (message: string, detail?: unknown) => void;
  readonly #records = new Map<string, OutboxRecord>();
  #failures: OutboxFailure[] = [];
  readonly #dep = createDependency();
  #nextSeq = 1;
  #warned = false;
  #stopped = false;
  /** Storage writes in order, so a delete never overtakes the put it undoes. */
  #writes: Promise<void> = Promise.resolve();

  private constructor(options: DurableOutboxOptions) {
    this.#options = options;
    this.#methods = new Set(options.methods);
    this.#maxEntries = options.maxEntries ?? 1_000;
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#log = options.log ?? ((message, detail) => console.warn(`[outbox] ${message}`, detail ?? ''));
  }

  /**
   * Loads the kept calls, re-applies their stubs and replays them in order, then keeps new calls.
   * Resolves once the replays are handed to the connection (not when they are answered).
   */
  static async open(options: DurableOutboxOptions): Promise<DurableOutbox> {
    const outbox = new DurableOutbox(options);
    let loaded: OutboxRecord[] = [];
    try {
      loaded = (await options.storage.load()).filter(isRecord).sort((a, b) => a.seq - b.seq);
    } catch (error) {
      outbox.#warn('could not read the kept calls; carrying on without them', error);
    }
    options.connection.setMethodCallHook(outbox.#hook());
    for (const record of loaded) outbox.#replay(record);
    return outbox;
  }

  /** Reactive: calls kept and not yet answered. */
  pendingCount(): number {
    this.#dep.depend();
    return this.#records.size;
  }

  /** Reactive: calls the server refused (rolled back) or the outbox gave up on, oldest first. */
  failures(): readonly OutboxFailure[] {
    this.#dep.depend();
    return this.#failures;
  }

  dismissFailure(failure: OutboxFailure): void {
    this.#failures = this.#failures.filter((f) => f !== failure);
    this.#dep.changed();
  }

  /** Stops keeping calls and deletes the kept ones (logout, account switch). */
  async wipe(): Promise<void> {
    this.#stopped = true;
    this.#options.connection.setMethodCallHook(undefined);
    this.#records.clear();
    this.#failures = [];
    this.#dep.changed();
    await this.#write(() => this.#options.storage.clear());
  }

  #hook(): MethodCallHook {
    return {
      keeps: (name) => !this.#stopped && this.#methods.has(name),
      keep: (call) => this.#keep(call),
    };
  }

  #keep(call: KeptCall): (error: unknown) => void {
    if (!this.#records.has(call.randomSeed)) {
      if (this.#records.size >= this.#maxEntries) {
        this.#warn(`more than ${this.#maxEntries} calls waiting; '${call.name}' is sent without being kept`);
        return () => {};
      }
      let params: string;
      try {
        params = EJSON.stringify(call.params);
      } catch (error) {
        this.#warn(`the arguments of '${call.name}' cannot be kept; it is sent without being kept`, error);
        return () => {};
      }
      const record: OutboxRecord = { seq: this.#nextSeq++, randomSeed: call.randomSeed, method: call.name, params, attempts: 0 };
      this.#records.set(record.randomSeed, record);
      this.#dep.changed();
      void this.#write(() => this.#options.storage.put(record));
    }
    return (error) => this.#settled(call, error);
  }

  #settled(call: KeptCall, error: unknown): void {
    if (error instanceof MeteorError && NOT_ANSWERED.has(error.error)) return;
    if (!this.#records.delete(call.randomSeed)) return;
    if (error !== undefined && error !== null) this.#fail({ method: call.name, params: call.params, randomSeed: call.randomSeed, error });
    this.#dep.changed();
    void this.#write(() => this.#options.storage.delete(call.randomSeed));
  }

  #replay(record: OutboxRecord): void {
    this.#nextSeq = Math.max(this.#nextSeq, record.seq + 1);
    let params: unknown[];
    try {
      params = EJSON.parse(record.params) as unknown[];
      if (!Array.isArray(params)) throw new TypeError('params are not an array');
    } catch (error) {
      this.#warn(`a kept call of '${record.method}' is unreadable; dropped`, error);
      void this.#write(() => this.#options.storage.delete(record.randomSeed));
      return;
    }
    if (record.attempts >= this.#maxAttempts) {
      this.#fail({ method: record.method, params, randomSeed: record.randomSeed, error: outboxGaveUpError(record.attempts) });
      void this.#write(() => this.#options.storage.delete(record.randomSeed));
      return;
    }
    const next: OutboxRecord = { ...record, attempts: record.attempts + 1 };
    this.#records.set(next.randomSeed, next);
    this.#dep.changed();
    void this.#write(() => this.#options.storage.put(next));
    // The outcome reaches #settled through the hook; the promise is only for the caller.
    this.#options.connection.applyAsync(record.method, params, { randomSeed: record.randomSeed }).catch(() => {});
  }

  #fail(failure: OutboxFailure): void {
    this.#failures = [...this.#failures, failure];
    this.#dep.changed();
    const onFailure = this.#options.onFailure;
    if (onFailure !== undefined) {
      try {
        onFailure(failure);
      } catch (error) {
        this.#log('exception in the outbox onFailure callback', error);
      }
    }
  }

  #write(operation: () => Promise<void>): Promise<void> {
    this.#writes = this.#writes
      .then(operation)
      .catch((error: unknown) => this.#warn('could not write the kept calls; calls still go out, but a reload may lose them', error));
    return this.#writes;
  }

  #warn(message: string, detail?: unknown): void {
    if (this.#warned && message.startsWith('could not write')) return;
    if (message.startsWith('could not write')) this.#warned = true;
    this.#log(message, detail);
  }
}

function isRecord(value: unknown): value is OutboxRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record['seq'] === 'number' &&
    typeof record['randomSeed'] === 'string' &&
    typeof record['method'] === 'string' &&
    typeof record['params'] === 'string' &&
    typeof record['attempts'] === 'number'
  );
}
