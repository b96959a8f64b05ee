import { onReconnect as ddpOnReconnect } from '@perseid/ddp-client';
import { MeteorError } from '@perseid/meteor-core';
import { Tracker } from '@perseid/tracker';
import { accountsErrors } from './accounts-errors';
import { Hook } from './hook';
import type { HookHandle } from './hook';
import { LoginTokenStore } from './login-token-store';
import type { KeyValueStorage } from './login-token-store';

/** The slice of a DDP client Connection accounts needs (`@perseid/ddp-client` satisfies it). */
export interface AccountsClientConnection {
  applyAsync(name: string, args: unknown[], options?: { wait?: boolean }): Promise<unknown>;
  userId(): string | null;
  setUserId(userId: string | null): void;
}

/** The client users collection (minimongo), read reactively. */
export interface ClientUsersCollection<U> {
  findOne(selector: { _id: string }): U | undefined;
}

export interface ClientLoginResult {
  id: string;
  token: string;
  tokenExpires: Date;
}

/** Named login states instead of Meteor's loose `loggingIn`/`loggingOut` booleans. */
export type LoginState = 'logged-out' | 'logging-in' | 'logged-in' | 'logging-out';

export interface AccountsClientOptions<U> {
  connection: AccountsClientConnection;
  users?: ClientUsersCollection<U>;
  /** localStorage in browsers; pass sessionStorage or an in-memory store elsewhere. */
  storage?: KeyValueStorage;
  now?: () => Date;
  /** Subscribes to this connection's reconnects; default: `DDP.onReconnect` filtered to it. */
  onReconnect?: (callback: () => void) => { stop(): void };
}

/** Types the `login` method's answer; anything else is a protocol fault, not a login. */
export function parseLoginResult(raw: unknown): ClientLoginResult {
  if (raw !== null && typeof raw === 'object') {
    const { id, token, tokenExpires } = raw as Record<string, unknown>;
    if (typeof id === 'string' && typeof token === 'string' && tokenExpires instanceof Date) {
      return { id, token, tokenExpires };
    }
  }
  throw accountsErrors.badLoginResult();
}

/**
 * Client half of accounts-base: calls the login methods, keeps the token in storage, logs
 * in again with `resume` on every reconnect (as a `wait` method, so nothing else runs
 * before the connection has its user back), and exposes the reactive user.
 */
export class AccountsClient<U = Record<string, unknown>> {
  readonly connection: AccountsClientConnection;
  private readonly users: ClientUsersCollection<U> | undefined;
  private readonly tokens: LoginTokenStore;
  private readonly now: () => Date;
  private readonly subscribeReconnects: (callback: () => void) => { stop(): void };
  private state: LoginState = 'logged-out';
  private readonly stateDep = new Tracker.Dependency();
  private readonly onLoginHook = new Hook<() => void>('Accounts.onLogin');
  private readonly onLoginFailureHook = new Hook<(error: unknown) => void>('Accounts.onLoginFailure');
  private readonly onLogoutHook = new Hook<() => void>('Accounts.onLogout');
  private reconnectHandle: { stop(): void } | null = null;

  constructor(options: AccountsClientOptions<U>) {
    this.connection = options.connection;
    this.users = options.users;
    this.tokens = new LoginTokenStore(options.storage);
    this.now = options.now ?? (() => new Date());
    const connection = options.connection;
    this.subscribeReconnects = options.onReconnect ?? ((callback) => ddpOnReconnect((reconnected) => {
      if ((reconnected as unknown) === connection) callback();
    }));
  }

  /** Resumes a stored session and re-logs in on reconnects. Returns a stop() safe to call twice. */
  start(): { stop(): void } {
    if (this.reconnectHandle === null) {
      this.reconnectHandle = this.subscribeReconnects(() => void this.resumeStoredLogin().catch(() => undefined));
    }
    void this.resumeStoredLogin().catch(() => undefined);
    return {
      stop: () => {
        this.reconnectHandle?.stop();
        this.reconnectHandle = null;
      },
    };
  }

  loginState(): LoginState {
    this.stateDep.depend();
    return this.state;
  }

  loggingIn(): boolean {
    return this.loginState() === 'logging-in';
  }

  loggingOut(): boolean {
    return this.loginState() === 'logging-out';
  }

  userId(): string | null {
    return this.connection.userId();
  }

  /** The logged-in user's published document (username, emails, profile), reactively. */
  user(): U | null {
    const id = this.userId();
    if (id === null || this.users === undefined) return null;
    return this.users.findOne({ _id: id }) ?? null;
  }

  loginToken(): string | null {
    return this.tokens.read()?.token ?? null;
  }

  onLogin(callback: () => void): HookHandle {
    return this.onLoginHook.register(callback);
  }

  onLoginFailure(callback: (error: unknown) => void): HookHandle {
    return this.onLoginFailureHook.register(callback);
  }

  onLogout(callback: () => void): HookHandle {
    return this.onLogoutHook.register(callback);
  }

  /**
   * Calls a login-type method (login, createUser, resetPassword, verifyEmail) and, when it
   * succeeds, adopts the user and stores the token.
   */
  async callLoginMethod(methodName: string, args: unknown[]): Promise<ClientLoginResult> {
    this.setState('logging-in');
    try {
      const result = parseLoginResult(await this.connection.applyAsync(methodName, args, { wait: true }));
      this.adopt(result);
      return result;
    } catch (error) {
      this.setState(this.connection.userId() === null ? 'logged-out' : 'logged-in');
      for (const callback of this.onLoginFailureHook.list()) callback(error);
      throw error;
    }
  }

  loginWithToken(token: string): Promise<ClientLoginResult> {
    return this.callLoginMethod('login', [{ resume: token }]);
  }

  async logout(): Promise<void> {
    this.setState('logging-out');
    try {
      await this.connection.applyAsync('logout', [], { wait: true });
    } finally {
      this.forgetLogin();
    }
    for (const callback of this.onLogoutHook.list()) callback();
  }

  /** Keeps this client logged in (with a fresh token) and logs every other session out. */
  async logoutOtherClients(): Promise<void> {
    const fresh = parseLoginResult(await this.connection.applyAsync('getNewToken', [], { wait: true }));
    this.tokens.write(fresh);
    await this.connection.applyAsync('removeOtherTokens', [], { wait: true });
  }

  private async resumeStoredLogin(): Promise<void> {
    const stored = this.tokens.read();
    if (stored === null) return;
    if (stored.tokenExpires.getTime() <= this.now().getTime()) {
      this.forgetLogin();
      return;
    }
    try {
      await this.loginWithToken(stored.token);
    } catch (error) {
      // A token the server no longer honours is useless: drop it so reconnects stop trying.
      if (error instanceof MeteorError) this.forgetLogin();
      throw error;
    }
  }

  private adopt(result: ClientLoginResult): void {
    this.tokens.write(result);
    this.connection.setUserId(result.id);
    this.setState('logged-in');
    for (const callback of this.onLoginHook.list()) callback();
  }

  private forgetLogin(): void {
    this.tokens.clear();
    this.connection.setUserId(null);
    this.setState('logged-out');
  }

  private setState(next: LoginState): void {
    if (this.state === next) return;
    this.state = next;
    this.stateDep.changed();
  }
}
