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
 * With `tabs`, the tabs of one user share the outbox (outbox-tabs.ts): each sends its own calls
 * and shows the others' (their stubs, pending until answered); the leading tab replays the calls
 * of tabs that are gone. Without it, this page replays every kept call it finds.
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
import { isOutboxRecord, OutboxTabs, type OutboxTabsOptions, type TabMessage } from './outbox-tabs';
import { createDependency } from './reactivity';
import type { ShownCall } from './shown-call';

/** What an outbox needs of a connection (Connection satisfies it). */
export interface OutboxConnection {
  setMethodCallHook(hook: MethodCallHook | undefined): void;
  applyAsync(name: string, args: readonly unknown[], options: { randomSeed: string }): Promise<unknown>;
  simulate(name: string, args: readonly unknown[], randomSeed: string): Promise<ShownCall>;
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
  /** Share the outbox with the other tabs of this scope (Web Locks and a BroadcastChannel). */
  readonly tabs?: OutboxTabsOptions;
}

/** Another tab's call, shown here until that tab hears the server's answer (or this one sends it). */
interface Shadow {
  /** Set once the stub ran (undefined before, and if it could not run). */
  call: ShownCall | undefined;
  /** How the showing ends, when it ended before the stub ran. */
  end: ((call: ShownCall) => void) | undefined;
  /** Settles once the stub ran, so a take-over never sends the call before it is shown. */
  readonly shown: Promise<void>;
}

const release = (call: ShownCall): void => call.release();
const answered = (call: ShownCall): void => call.answered();

/** Answered calls remembered, so a late 'kept' or a stale read does not show them again. */
const MAX_SETTLED_REMEMBERED = 2_000;

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
  readonly #shadows = new Map<string, Shadow>();
  readonly #settledSeeds = new Set<string>();
  #tabs: OutboxTabs | undefined;
  /** Adoption scans run one after another. */
  #adopting: Promise<void> = Promise.resolve();
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
    let holdsLeaderLock = false;
    let loadedYet = false;
    if (options.tabs !== undefined) {
      try {
        // Listening starts before the read, so nothing another tab does in between is missed.
        outbox.#tabs = await OutboxTabs.start(options.tabs, {
          onMessage: (message) => outbox.#onTabMessage(message),
          onLeader: () => {
            holdsLeaderLock = true;
            if (loadedYet) outbox.#adoptOrphans();
          },
          onTabGone: () => outbox.#adoptOrphans(),
        });
      } catch (error) {
        outbox.#warn('cannot coordinate with other tabs; this tab replays what it finds', error);
      }
    }
    const loaded = await outbox.#load();
    options.connection.setMethodCallHook(outbox.#hook());
    loadedYet = true;
    if (outbox.#tabs === undefined) {
      for (const record of loaded) outbox.#replay(record);
    } else if (holdsLeaderLock) {
      // Holding the leader lock already (a reload of the only tab): the calls of gone tabs are replayed as
      // without tabs, with no shadow in between; live tabs' calls are shown.
      outbox.#adoptOrphans();
    } else {
      // Shown at once; the leader (maybe this tab later, see #adoptOrphans) sends the ones whose
      // tab is gone. A reload lands here while the page it replaces still holds the leader lock
      // as it unloads: the calls are shown, then this tab takes them over and sends them as shown.
      for (const record of loaded) outbox.#shadow(record);
    }
    return outbox;
  }

  /** Whether this tab replays the calls of tabs that are gone (always, without `tabs`). */
  get isLeader(): boolean {
    return this.#tabs === undefined ? !this.#stopped : this.#tabs.isLeader;
  }

  /** Reactive: calls kept and not yet answered, this tab's and the other tabs'. */
  pendingCount(): number {
    this.#dep.depend();
    return this.#records.size + this.#shadows.size;
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

  /**
   * Stops keeping calls and leaves the other tabs (as a closed page does), keeping what is
   * stored for the next page. Idempotent.
   */
  close(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#options.connection.setMethodCallHook(undefined);
    this.#tabs?.stop();
    for (const seed of [...this.#shadows.keys()]) this.#unshadow(seed, release);
  }

  /** Stops keeping calls and deletes the kept ones (logout, account switch). */
  async wipe(): Promise<void> {
    this.#stopped = true;
    this.#options.connection.setMethodCallHook(undefined);
    this.#tabs?.stop();
    for (const seed of [...this.#shadows.keys()]) this.#unshadow(seed, release);
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
      const owner = this.#tabs?.tabId;
      const record: OutboxRecord = {
        seq: this.#nextSeq++,
        randomSeed: call.randomSeed,
        method: call.name,
        params,
        attempts: 0,
        ...(owner === undefined ? {} : { owner }),
      };
      this.#records.set(record.randomSeed, record);
      this.#dep.changed();
      void this.#write(() => this.#options.storage.put(record));
      this.#tabs?.post({ type: 'kept', record });
    }
    return (error) => this.#settled(call, error);
  }

  #settled(call: KeptCall, error: unknown): void {
    if (error instanceof MeteorError && NOT_ANSWERED.has(error.error)) return;
    if (!this.#records.delete(call.randomSeed)) return;
    if (error !== undefined && error !== null) this.#fail({ method: call.name, params: call.params, randomSeed: call.randomSeed, error });
    this.#dep.changed();
    void this.#write(() => this.#options.storage.delete(call.randomSeed));
    const failed = error !== undefined && error !== null;
    this.#tabs?.post({ type: 'settled', randomSeed: call.randomSeed, ...(failed ? { failed } : {}) });
  }

  async #load(): Promise<OutboxRecord[]> {
    try {
      return (await this.#options.storage.load()).filter(isOutboxRecord).sort((a, b) => a.seq - b.seq);
    } catch (error) {
      this.#warn('could not read the kept calls; carrying on without them', error);
      return [];
    }
  }

  #onTabMessage(message: TabMessage): void {
    if (this.#stopped) return;
    if (message.type === 'settled') {
      this.#remember(message.randomSeed);
      this.#unshadow(message.randomSeed, message.failed === true ? release : answered);
      return;
    }
    this.#shadow(message.record);
    // The leader hears when the tab that sends this call is gone, and sends it then.
    if (message.record.owner !== undefined && this.#tabs?.isLeader === true) this.#tabs.watch(message.record.owner);
  }

  /** Shows another tab's call here (its stub) until it is answered. */
  #shadow(record: OutboxRecord): void {
    this.#nextSeq = Math.max(this.#nextSeq, record.seq + 1);
    const seed = record.randomSeed;
    if (this.#records.has(seed) || this.#shadows.has(seed) || this.#settledSeeds.has(seed)) return;
    let params: unknown[];
    try {
      params = EJSON.parse(record.params) as unknown[];
      if (!Array.isArray(params)) throw new TypeError('params are not an array');
    } catch {
      // The leader drops it (see #replay); nothing to show.
      return;
    }
    const shown = this.#options.connection.simulate(record.method, params, seed).then(
      (call) => {
        if (shadow.end !== undefined) shadow.end(call);
        else shadow.call = call;
      },
      (error: unknown) => this.#log(`could not show the call of '${record.method}' made in another tab`, error),
    );
    const shadow: Shadow = { call: undefined, end: undefined, shown };
    this.#shadows.set(seed, shadow);
    this.#dep.changed();
  }

  /** Ends the showing of another tab's call (`end`: released, or answered there). */
  #unshadow(seed: string, end: (call: ShownCall) => void): void {
    const shadow = this.#shadows.get(seed);
    if (shadow === undefined) return;
    this.#shadows.delete(seed);
    if (shadow.call !== undefined) end(shadow.call);
    else shadow.end = end;
    this.#dep.changed();
  }

  #remember(seed: string): void {
    this.#settledSeeds.add(seed);
    if (this.#settledSeeds.size > MAX_SETTLED_REMEMBERED) {
      const oldest = this.#settledSeeds.values().next();
      if (oldest.done !== true) this.#settledSeeds.delete(oldest.value);
    }
  }

  /**
   * The leader sends the kept calls whose tab is gone, in their order; calls of live tabs stay
   * theirs, and their tabs are watched so their calls are sent if they go first.
   */
  #adoptOrphans(): void {
    const tabs = this.#tabs;
    if (tabs === undefined) return;
    this.#adopting = this.#adopting
      .then(async () => {
        if (this.#stopped || !tabs.isLeader) return;
        const live = await tabs.liveTabs();
        const records = await this.#load();
        await Promise.all([...this.#shadows.values()].map((shadow) => shadow.shown));
        if (this.#stopped) return;
        for (const record of records) {
          const seed = record.randomSeed;
          if (this.#records.has(seed) || this.#settledSeeds.has(seed)) continue;
          if (record.owner !== undefined && record.owner !== tabs.tabId && live.has(record.owner)) {
            this.#shadow(record);
            tabs.watch(record.owner);
            continue;
          }
          // A shown call is sent as shown: its stub does not run again (it would run on its own
          // writes), and its documents stay pending from the showing to the server's answer.
          const shown = this.#shadows.get(seed)?.call;
          if (shown === undefined) {
            // Not shown (its stub failed, or it is not shown yet): the replay runs the stub.
            this.#unshadow(seed, release);
            this.#replay(record);
            continue;
          }
          this.#shadows.delete(seed);
          this.#replay(record, shown);
        }
      })
      .catch((error: unknown) => this.#log('could not take over the calls of a closed tab', error));
  }

  /** Sends a kept call (as `shown`, when this tab shows it already) and keeps it as this tab's. */
  #replay(record: OutboxRecord, shown?: ShownCall): void {
    this.#nextSeq = Math.max(this.#nextSeq, record.seq + 1);
    let params: unknown[];
    try {
      params = EJSON.parse(record.params) as unknown[];
      if (!Array.isArray(params)) throw new TypeError('params are not an array');
    } catch (error) {
      this.#warn(`a kept call of '${record.method}' is unreadable; dropped`, error);
      shown?.release();
      void this.#write(() => this.#options.storage.delete(record.randomSeed));
      this.#tabs?.post({ type: 'settled', randomSeed: record.randomSeed, failed: true });
      return;
    }
    if (record.attempts >= this.#maxAttempts) {
      shown?.release();
      this.#fail({ method: record.method, params, randomSeed: record.randomSeed, error: outboxGaveUpError(record.attempts) });
      void this.#write(() => this.#options.storage.delete(record.randomSeed));
      this.#tabs?.post({ type: 'settled', randomSeed: record.randomSeed, failed: true });
      return;
    }
    const owner = this.#tabs?.tabId;
    const next: OutboxRecord = { ...record, attempts: record.attempts + 1, ...(owner === undefined ? {} : { owner }) };
    this.#records.set(next.randomSeed, next);
    this.#dep.changed();
    void this.#write(() => this.#options.storage.put(next));
    // The outcome reaches #settled through the hook; the promise is only for the caller.
    const sent = shown === undefined ? this.#options.connection.applyAsync(record.method, params, { randomSeed: record.randomSeed }) : shown.send();
    sent.catch(() => {});
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
