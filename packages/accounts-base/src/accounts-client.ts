import { onReconnect as ddpOnReconnect } from '@perseid/ddp-client';
import { MeteorError } from '@perseid/meteor-core';
import { Tracker } from '@perseid/tracker';
import { accountsErrors } from './accounts-errors';
import { Hook } from './hook';
import { reportTo, type AccountsCallback } from './login-callback';
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

/** Whether a login call shows as `logging-in` (a reconnect's resume stays `logged-in`). */
export type LoginProgress = 'announced' | 'quiet';

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
  readonly #users: ClientUsersCollection<U> | undefined;
  readonly #tokens: LoginTokenStore;
  readonly #now: () => Date;
  readonly #subscribeReconnects: (callback: () => void) => { stop(): void };
  #state: LoginState = 'logged-out';
  readonly #stateDep = new Tracker.Dependency();
  readonly #onLoginHook = new Hook<() => void>('Accounts.onLogin');
  readonly #onLoginFailureHook = new Hook<(error: unknown) => void>('Accounts.onLoginFailure');
  readonly #onLogoutHook = new Hook<() => void>('Accounts.onLogout');
  #reconnectHandle: { stop(): void } | null = null;

  constructor(options: AccountsClientOptions<U>) {
    this.connection = options.connection;
    this.#users = options.users;
    this.#tokens = new LoginTokenStore(options.storage);
    this.#now = options.now ?? (() => new Date());
    const connection = options.connection;
    this.#subscribeReconnects =
      options.onReconnect ??
      ((callback) =>
        ddpOnReconnect((reconnected) => {
          if ((reconnected as unknown) === connection) callback();
        }));
  }

  /** Resumes a stored session and re-logs in on reconnects. Returns a stop() safe to call twice. */
  start(): { stop(): void } {
    if (this.#reconnectHandle === null) {
      this.#reconnectHandle = this.#subscribeReconnects(() => void this.#resumeStoredLogin('reconnect').catch(() => undefined));
    }
    void this.#resumeStoredLogin('page-load').catch(() => undefined);
    return {
      stop: () => {
        this.#reconnectHandle?.stop();
        this.#reconnectHandle = null;
      },
    };
  }

  loginState(): LoginState {
    this.#stateDep.depend();
    return this.#state;
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

  /**
   * The logged-in user's published document (username, emails, profile), reactively, as
   * Meteor's `Meteor.user()`: `null` when no one is logged in, `undefined` while a user id is
   * known but its document has not arrived (a login resuming after a reload, for instance).
   */
  user(): U | null | undefined {
    const id = this.userId();
    if (id === null) return null;
    return this.#users?.findOne({ _id: id });
  }

  loginToken(): string | null {
    return this.#tokens.read()?.token ?? null;
  }

  onLogin(callback: () => void): HookHandle {
    return this.#onLoginHook.register(callback);
  }

  onLoginFailure(callback: (error: unknown) => void): HookHandle {
    return this.#onLoginFailureHook.register(callback);
  }

  onLogout(callback: () => void): HookHandle {
    return this.#onLogoutHook.register(callback);
  }

  /**
   * Calls a login-type method (login, createUser, resetPassword, verifyEmail) and, when it
   * succeeds, adopts the user and stores the token.
   */
  async callLoginMethod(methodName: string, args: unknown[], progress: LoginProgress = 'announced'): Promise<ClientLoginResult> {
    if (progress === 'announced') this.#setState('logging-in');
    try {
      const result = parseLoginResult(await this.connection.applyAsync(methodName, args, { wait: true }));
      this.#adopt(result);
      return result;
    } catch (error) {
      this.#setState(this.connection.userId() === null ? 'logged-out' : 'logged-in');
      for (const callback of this.#onLoginFailureHook.list()) callback(error);
      throw error;
    }
  }

  /** Logs in with a resume token; an optional callback gets the outcome (see reportTo). */
  loginWithToken(token: string): Promise<ClientLoginResult>;
  loginWithToken(token: string, callback: AccountsCallback | undefined): Promise<ClientLoginResult | undefined>;
  loginWithToken(token: string, callback?: AccountsCallback): Promise<ClientLoginResult | undefined> {
    return reportTo(this.callLoginMethod('login', [{ resume: token }]), callback);
  }

  /** Logs out (Meteor's `logout(callback)`; the promise also settles with the outcome). */
  logout(callback?: AccountsCallback): Promise<void> {
    return reportTo(this.#logoutNow(), callback);
  }

  /** Keeps this client logged in (with a fresh token) and logs every other session out. */
  logoutOtherClients(callback?: AccountsCallback): Promise<void> {
    return reportTo(this.#replaceOtherTokens(), callback);
  }

  async #logoutNow(): Promise<void> {
    this.#setState('logging-out');
    try {
      await this.connection.applyAsync('logout', [], { wait: true });
    } finally {
      this.#forgetLogin();
    }
    for (const callback of this.#onLogoutHook.list()) callback();
  }

  async #replaceOtherTokens(): Promise<void> {
    const fresh = parseLoginResult(await this.connection.applyAsync('getNewToken', [], { wait: true }));
    this.#tokens.write(fresh);
    await this.connection.applyAsync('removeOtherTokens', [], { wait: true });
  }

  /**
   * Logs in again with the stored token. On page load, as Meteor does, the stored user id is
   * presented at once, so `Meteor.userId()` holds while the resume is in flight (`Meteor.user()`
   * is undefined until its document comes, `loggingIn()` is true). On a reconnect the client is
   * already logged in, so, as in Meteor, `loggingIn()` does not flicker.
   */
  async #resumeStoredLogin(occasion: 'page-load' | 'reconnect'): Promise<void> {
    const stored = this.#tokens.read();
    if (stored === null) return;
    if (stored.tokenExpires.getTime() <= this.#now().getTime()) {
      this.#forgetLogin();
      return;
    }
    if (occasion === 'page-load') this.connection.setUserId(stored.id);
    try {
      await this.callLoginMethod('login', [{ resume: stored.token }], occasion === 'page-load' ? 'announced' : 'quiet');
    } catch (error) {
      // A token the server no longer honours is useless: drop it so reconnects stop trying. A
      // page-load resume that fails for any reason leaves the page logged out, as in Meteor,
      // rather than showing the stored user id it could not confirm.
      if (error instanceof MeteorError || occasion === 'page-load') this.#forgetLogin();
      throw error;
    }
  }

  #adopt(result: ClientLoginResult): void {
    this.#tokens.write(result);
    this.connection.setUserId(result.id);
    this.#setState('logged-in');
    for (const callback of this.#onLoginHook.list()) callback();
  }

  #forgetLogin(): void {
    this.#tokens.clear();
    this.connection.setUserId(null);
    this.#setState('logged-out');
  }

  #setState(next: LoginState): void {
    if (this.#state === next) return;
    this.#state = next;
    this.#stateDep.changed();
  }
}
