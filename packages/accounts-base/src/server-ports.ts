/**
 * What the accounts system needs from the DDP server, stated structurally so the accounts core
 * can be driven in tests without sockets; `@perseid/ddp-server` satisfies these shapes.
 */
export interface AccountsConnection {
  readonly id: string;
  readonly clientAddress: string | null;
  close(): void;
  onClose(callback: () => void): unknown;
}

export interface AccountsMethodInvocation {
  readonly userId: string | null;
  setUserId(userId: string | null): void | Promise<void>;
  readonly connection: AccountsConnection | null;
}

export type AccountsMethod = (this: AccountsMethodInvocation, ...args: unknown[]) => Promise<unknown>;

export interface AccountsPublication {
  readonly userId: string | null;
  ready(): void;
}

export interface AccountsMethodHost {
  methods(map: Record<string, AccountsMethod>): void;
  /** `name` null: a universal publication every client receives without subscribing. */
  publish(name: string | null, handler: (this: AccountsPublication) => unknown, options?: { is_auto: true }): void;
}

/** Injectable clock and timers. */
export interface AccountsClock {
  now(): Date;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const systemClock: AccountsClock = {
  now: () => new Date(),
  setInterval: (callback, ms) => {
    const handle = setInterval(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};
