import type { ChildReport, StartedChild } from '../server/child-process';

/** Named states of the app's server process under `meteor run`. */
export type SupervisorState = 'idle' | 'starting' | 'running' | 'crashed' | 'stopped';

export interface SupervisorEvents {
  ready(first: boolean): void;
  crashed(report: Extract<ChildReport, { type: 'error' }>): void;
}

/**
 * Starts, restarts and stops the server child one operation at a time: a restart requested
 * while another is in flight is coalesced into one more restart after it, so a burst of file
 * changes never leaves two servers racing for the port.
 */
export class ServerSupervisor {
  #state: SupervisorState = 'idle';
  #child: StartedChild | undefined;
  #queue: Promise<void> = Promise.resolve();
  #pending = false;
  #everReady = false;
  readonly #spawn: () => StartedChild;
  readonly #events: SupervisorEvents;

  constructor(spawn: () => StartedChild, events: SupervisorEvents) {
    this.#spawn = spawn;
    this.#events = events;
  }

  get state(): SupervisorState {
    return this.#state;
  }

  /** Starts the first server; resolves with its first report. */
  async start(): Promise<ChildReport> {
    let report: ChildReport = { type: 'error', code: 'supervisor.stopped', message: 'stopped' };
    this.#queue = this.#queue.then(async () => {
      report = await this.#startOnce();
    });
    await this.#queue;
    return report;
  }

  restart(): void {
    if (this.#state === 'stopped' || this.#pending) return;
    this.#pending = true;
    this.#queue = this.#queue.then(async () => {
      this.#pending = false;
      if (this.#state === 'stopped') return;
      // Leave 'running' first, so the old server's exit is not mistaken for a crash.
      this.#state = 'starting';
      await this.#child?.stop();
      await this.#startOnce();
    });
  }

  /** Stops the server for good; safe to call twice. */
  async stop(): Promise<void> {
    this.#state = 'stopped';
    await this.#child?.stop();
    await this.#queue;
    await this.#child?.stop();
  }

  async #startOnce(): Promise<ChildReport> {
    if (this.#state === 'stopped') return { type: 'error', code: 'supervisor.stopped', message: 'stopped' };
    this.#state = 'starting';
    const child = this.#spawn();
    this.#child = child;
    const report = await child.firstReport;
    if ((this.#state as SupervisorState) === 'stopped') return report;
    if (report.type === 'ready') {
      this.#state = 'running';
      this.#events.ready(!this.#everReady);
      this.#everReady = true;
      // A server that dies later (uncaught error) is reported too, and waits for a change.
      void child.exited.then((how) => {
        if (this.#child !== child || this.#state !== 'running') return;
        this.#state = 'crashed';
        this.#events.crashed({ type: 'error', code: 'child.exited', message: `the server exited (${how})` });
      });
    } else {
      this.#state = 'crashed';
      this.#events.crashed(report);
    }
    return report;
  }
}
