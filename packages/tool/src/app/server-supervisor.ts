import type { ChildReport, StartedChild } from '../server/child-process';

/** Named states of the app's server process under `meteor run`. */
export type SupervisorState = 'idle' | 'starting' | 'running' | 'crashed' | 'stopped';

/** `now`: boot at once; `standby`: load the runtime, then wait for `go()`. */
export type SpawnMode = 'now' | 'standby';

export interface SupervisorEvents {
  ready(first: boolean): void;
  crashed(report: Extract<ChildReport, { type: 'error' }>): void;
}

export interface RestartOptions {
  /**
   * Whether a preloaded standby may serve this restart. False when what it preloaded changed
   * (runtime packages, `.meteor/packages`, settings).
   */
  readonly reuseStandby: boolean;
}

/**
 * Starts, restarts and stops the server child one operation at a time: a restart requested
 * while another is in flight is coalesced into one more restart after it, so a burst of file
 * changes never leaves two servers racing for the port. With standbys on, a spare process that
 * has already loaded the runtime is kept ready, and a restart hands over to it.
 */
export class ServerSupervisor {
  #state: SupervisorState = 'idle';
  #child: StartedChild | undefined;
  #standby: StartedChild | undefined;
  #queue: Promise<void> = Promise.resolve();
  #pending: RestartOptions | undefined;
  #everReady = false;
  readonly #spawn: (mode: SpawnMode) => StartedChild;
  readonly #events: SupervisorEvents;
  readonly #useStandby: boolean;

  constructor(spawn: (mode: SpawnMode) => StartedChild, events: SupervisorEvents, options: { standby?: boolean } = {}) {
    this.#spawn = spawn;
    this.#events = events;
    this.#useStandby = options.standby === true;
  }

  get state(): SupervisorState {
    return this.#state;
  }

  /** Files the running server loaded; undefined when unknown (not started, crashed early). */
  currentModules(): ReadonlySet<string> | undefined {
    const modules = this.#child?.loadedModules;
    return this.#state === 'running' && modules !== undefined && modules.size > 0 ? modules : undefined;
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

  restart(options: RestartOptions = { reuseStandby: true }): void {
    if (this.#state === 'stopped') return;
    if (this.#pending !== undefined) {
      this.#pending = { reuseStandby: this.#pending.reuseStandby && options.reuseStandby };
      return;
    }
    this.#pending = options;
    this.#queue = this.#queue.then(async () => {
      const pending = this.#pending ?? options;
      this.#pending = undefined;
      if (this.#state === 'stopped') return;
      // Leave 'running' first, so the old server's exit is not mistaken for a crash.
      this.#state = 'starting';
      if (!pending.reuseStandby) await this.#dropStandby();
      await this.#child?.stop();
      await this.#startOnce();
    });
  }

  /** Stops the server (and any standby) for good; safe to call twice. */
  async stop(): Promise<void> {
    this.#state = 'stopped';
    await Promise.all([this.#child?.stop(), this.#dropStandby()]);
    await this.#queue;
    await Promise.all([this.#child?.stop(), this.#dropStandby()]);
  }

  async #startOnce(): Promise<ChildReport> {
    if (this.#state === 'stopped') return { type: 'error', code: 'supervisor.stopped', message: 'stopped' };
    this.#state = 'starting';
    const standby = this.#standby;
    this.#standby = undefined;
    let child: StartedChild;
    if (standby?.isAlive()) {
      child = standby;
      child.go();
    } else {
      child = this.#spawn('now');
    }
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
    // The next standby loads while the developer edits, not while the new server boots.
    if (this.#useStandby && this.#standby === undefined && (this.#state as SupervisorState) !== 'stopped') this.#standby = this.#spawn('standby');
    return report;
  }

  async #dropStandby(): Promise<void> {
    const standby = this.#standby;
    this.#standby = undefined;
    await standby?.stop();
  }
}
