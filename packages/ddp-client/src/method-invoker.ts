import type { MethodMessage } from '@perseid/ddp-protocol';

export type MethodCallback = (error: unknown, result?: unknown) => void;

/** Where a method call is: not yet sent, sent, answered, and answered with its data visible. */
export type MethodPhase = 'unsent' | 'sent' | 'answered' | 'finished';

export interface MethodInvokerOptions {
  readonly message: MethodMessage;
  readonly wait: boolean;
  readonly noRetry: boolean;
  /** Called once with the outcome, after the result and the method's data are both in. */
  readonly callback: MethodCallback;
  /** Called as soon as the result arrives, before its data is visible. */
  readonly onResultReceived?: MethodCallback;
  /** Writes the frame; false if no socket of the current session took it. */
  send(message: MethodMessage): boolean;
  /** The callback has run; the connection can move on to the next method block. */
  onFinished(invoker: MethodInvoker): void;
}

/**
 * One method call's life on the client (Meteor's MethodInvoker). The user callback runs
 * only when both the `result` arrived and the method's writes are visible locally
 * (`updated` processed), so code after `await callAsync` sees the server's data.
 */
export class MethodInvoker {
  #phase: MethodPhase = 'unsent';
  #dataVisible = false;
  /** Dispatched to the current session (cleared on reconnect, even after the result came). */
  #sent = false;
  /** The frame actually reached a socket of the current session. */
  #transmitted = false;
  #outcome: { error: unknown; result: unknown } | undefined;

  readonly #options: MethodInvokerOptions;

  constructor(options: MethodInvokerOptions) {
    this.#options = options;
  }

  get methodId(): string {
    return this.#options.message.id;
  }

  get message(): MethodMessage {
    return this.#options.message;
  }

  get wait(): boolean {
    return this.#options.wait;
  }

  get noRetry(): boolean {
    return this.#options.noRetry;
  }

  get phase(): MethodPhase {
    return this.#phase;
  }

  get sentMessage(): boolean {
    return this.#sent;
  }

  gotResult(): boolean {
    return this.#outcome !== undefined;
  }

  /** Sends (or re-sends after reconnect) the `method` frame. */
  sendMessage(): void {
    if (this.gotResult()) throw new Error(`method ${this.methodId} already has its result`);
    this.#dataVisible = false;
    this.#phase = 'sent';
    this.#sent = true;
    this.#transmitted = this.#options.send(this.#options.message);
  }

  /** After a resumed session: sends again only if the frame never left. */
  transmitIfDropped(): void {
    if (this.#sent && !this.#transmitted && !this.gotResult()) this.#transmitted = this.#options.send(this.#options.message);
  }

  /**
   * The server answered that the call is still running elsewhere: the frame has to go out again
   * (transmitIfDropped, after a back-off or on a resumed session); the call stays in flight.
   */
  awaitResend(): void {
    this.#transmitted = false;
  }

  /** Forget that the frame was sent (the socket it went out on is gone). */
  markUnsent(): void {
    this.#sent = false;
    this.#transmitted = false;
    if (this.#phase === 'sent') this.#phase = 'unsent';
  }

  receiveResult(error: unknown, result?: unknown): void {
    if (this.gotResult()) throw new Error(`method ${this.methodId} got two results`);
    this.#outcome = { error, result };
    this.#phase = 'answered';
    this.#options.onResultReceived?.(error, result);
    this.#maybeFinish();
  }

  dataVisible(): void {
    this.#dataVisible = true;
    this.#maybeFinish();
  }

  #maybeFinish(): void {
    const outcome = this.#outcome;
    if (!this.#dataVisible || outcome === undefined || this.#phase === 'finished') return;
    this.#phase = 'finished';
    this.#options.callback(outcome.error, outcome.result);
    this.#options.onFinished(this);
  }
}
