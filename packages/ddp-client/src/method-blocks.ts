import type { MethodInvoker } from './method-invoker';

interface MethodBlock {
  readonly wait: boolean;
  methods: MethodInvoker[];
}

/**
 * The outstanding method calls, in blocks (Meteor's _outstandingMethodBlocks).
 *
 *   [ {wait:false, [a, b]} , {wait:true, [login]} , {wait:false, [c]} ]
 *      in flight now          sent once a and b      sent once login
 *                             are finished           is finished
 *
 * A block is one `wait` method or a run of ordinary ones; only the first block is ever
 * sent. A method leaves its block when its result arrives, but the block is only
 * dropped once every sent method has run its callback (result *and* data visible).
 */
export class MethodBlocks {
  readonly #invokers = new Map<string, MethodInvoker>();
  #blocks: MethodBlock[] = [];

  readonly #log: (message: string) => void;
  readonly #onCountChange: () => void;

  constructor(
    log: (message: string) => void,
    /** Told when a call is added or finishes (the count of waiting calls changed). */
    onCountChange: () => void = () => {},
  ) {
    this.#log = log;
    this.#onCountChange = onCountChange;
  }

  get count(): number {
    return this.#invokers.size;
  }

  /** Every call that has not run its callback yet, by method id. */
  get(methodId: string): MethodInvoker | undefined {
    return this.#invokers.get(methodId);
  }

  all(): MethodInvoker[] {
    return [...this.#invokers.values()];
  }

  readonly #settledListeners = new Set<() => void>();

  /** Calls `listener` once, when no call is left waiting for its callback (at once if none is). */
  whenSettled(listener: () => void): void {
    if (this.#invokers.size === 0) listener();
    else this.#settledListeners.add(listener);
  }

  /** The block being sent now. */
  firstBlock(): readonly MethodInvoker[] {
    return this.#blocks[0]?.methods ?? [];
  }

  add(invoker: MethodInvoker): void {
    this.#invokers.set(invoker.methodId, invoker);
    this.#onCountChange();
    const last = this.#blocks[this.#blocks.length - 1];
    if (invoker.wait) this.#blocks.push({ wait: true, methods: [invoker] });
    else if (last === undefined || last.wait) this.#blocks.push({ wait: false, methods: [invoker] });
    else last.methods.push(invoker);
    if (this.#blocks.length === 1) invoker.sendMessage();
    else if (!this.#anyInFlight()) this.#advance();
  }

  /** Takes the first-block method a `result` answers, or undefined if none is waiting. */
  takeForResult(methodId: string): MethodInvoker | undefined {
    const block = this.#blocks[0];
    const index = block?.methods.findIndex((m) => m.methodId === methodId) ?? -1;
    if (block === undefined || index < 0) return undefined;
    return block.methods.splice(index, 1)[0];
  }

  /** A call ran its callback; moves on to the next block once none is in flight. */
  finished(invoker: MethodInvoker): void {
    if (this.#invokers.delete(invoker.methodId)) this.#onCountChange();
    if (this.#invokers.size === 0) {
      const listeners = [...this.#settledListeners];
      this.#settledListeners.clear();
      for (const listener of listeners) listener();
    }
    if (this.#anyInFlight()) return;
    const done = this.#blocks.shift();
    if (done !== undefined && done.methods.length > 0) this.#log('internal: a method block finished with methods still unanswered');
    this.#advance();
  }

  #anyInFlight(): boolean {
    for (const invoker of this.#invokers.values()) if (invoker.sentMessage) return true;
    return false;
  }

  /**
   * With nothing in flight, blocks left empty (their calls finished out of order, e.g. a
   * call answered before a reconnect and made visible at quiescence) are done too; the
   * first block with calls is sent.
   */
  #advance(): void {
    while (this.#blocks.length > 1 && this.#blocks[0]?.methods.length === 0) this.#blocks.shift();
    this.sendFirstBlock();
  }

  sendFirstBlock(): void {
    for (const invoker of this.firstBlock()) if (!invoker.sentMessage) invoker.sendMessage();
  }

  /** Removes sent `noRetry` calls from the block in flight (they are failed by the caller). */
  takeSentNoRetry(): MethodInvoker[] {
    const first = this.#blocks[0];
    if (first === undefined) return [];
    const taken = first.methods.filter((m) => m.sentMessage && m.noRetry);
    first.methods = first.methods.filter((m) => !taken.includes(m));
    if (first.methods.length === 0) this.#blocks.shift();
    return taken;
  }

  /**
   * Runs `hooks` with no blocks outstanding, then puts the previous blocks after
   * whatever the hooks called, merging adjacent ordinary blocks.
   */
  prependFrom(hooks: () => void): void {
    const saved = this.#blocks;
    this.#blocks = [];
    try {
      hooks();
    } finally {
      for (const block of saved) {
        const last = this.#blocks[this.#blocks.length - 1];
        if (last !== undefined && !last.wait && !block.wait) last.methods.push(...block.methods);
        else this.#blocks.push(block);
      }
    }
  }

  /** Forgets every block (the connection is closed); the invokers stay for the caller to fail. */
  dropBlocks(): void {
    this.#blocks = [];
  }
}
