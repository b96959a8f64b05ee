import type { MeteorError } from '@perseid/meteor-core';
import { DEFAULT_ACCOUNTS_CONFIG, emailDomainAllowed, parseAccountsConfig } from './accounts-config';
import type { AccountsConfig } from './accounts-config';
import { accountsErrors } from './accounts-errors';
import { ConnectionLogins } from './connection-logins';
import { Hook } from './hook';
import type { HookHandle } from './hook';
import { generateStampedLoginToken, hashLoginToken, hashStampedToken, isTokenExpired, parseLoginToken, tokenExpiresAt } from './login-token';
import type { StampedLoginToken } from './login-token';
import { registerAccountsMethods } from './accounts-methods';
import { systemClock } from './server-ports';
import type { AccountsClock, AccountsConnection, AccountsMethodHost, AccountsMethodInvocation } from './server-ports';
import { findUserByField } from './user-lookup';
import { observeUserTokens, UserTokenWatches } from './user-token-watch';
import type { WatchUserTokens } from './user-token-watch';
import type { NewUserDocument, UserDocument, UsersCollection } from './user-document';

/** What a login handler concludes: who logs in, or why not. `undefined`: "not my kind of request". */
export interface LoginHandlerResult {
  type: string;
  userId?: string;
  error?: MeteorError;
  /** Reuse an existing token (resume) instead of minting a new one. */
  stampedLoginToken?: StampedLoginToken;
}

export type LoginHandler = (options: Record<string, unknown>, invocation: AccountsMethodInvocation) => Promise<LoginHandlerResult | undefined>;

export interface LoginAttempt {
  type: string;
  allowed: boolean;
  error?: MeteorError;
  user?: UserDocument;
  connection: AccountsConnection | null;
  methodName: string;
  methodArguments: unknown[];
}

/** Wire result of every successful login method, exactly as Meteor clients expect it. */
export interface LoginMethodResult {
  id: string;
  token: string;
  tokenExpires: Date;
}

export interface NewUserOptions {
  username?: string;
  email?: string;
  profile?: Record<string, unknown>;
  [option: string]: unknown;
}

export interface AccountsServerOptions {
  users: UsersCollection;
  host?: AccountsMethodHost;
  clock?: AccountsClock;
  /** Interval of the expired-token sweep; Meteor sweeps every 10 minutes. */
  expirySweepMs?: number;
  /** How this server learns of token removals made elsewhere; default: a live query on `users`. */
  watchUserTokens?: WatchUserTokens;
}

type OnCreateUser = (options: NewUserOptions, user: NewUserDocument) => NewUserDocument | Promise<NewUserDocument>;
type ValidateNewUser = (user: NewUserDocument) => boolean | Promise<boolean>;
type ValidateLoginAttempt = (attempt: LoginAttempt) => boolean | Promise<boolean>;
type LoginObserver = (attempt: LoginAttempt) => void | Promise<void>;
type LogoutObserver = (info: { user: UserDocument | null; connection: AccountsConnection | null }) => void | Promise<void>;

type SweepState = { kind: 'idle' } | { kind: 'running'; handle: unknown };

/**
 * The server half of accounts-base: login handlers, resume tokens, hooks and the user's own
 * document publication. Password login lives in accounts-password and plugs in through
 * `registerLoginHandler`.
 */
export class AccountsServer {
  readonly users: UsersCollection;
  #settings: AccountsConfig = { ...DEFAULT_ACCOUNTS_CONFIG };
  readonly #clock: AccountsClock;
  /** Where login-type methods get registered; password and other login services add theirs here. */
  readonly host: AccountsMethodHost | undefined;
  readonly #expirySweepMs: number;
  readonly #loginHandlers = new Map<string, LoginHandler>();
  readonly #logins: ConnectionLogins;
  readonly #tokenWatches: UserTokenWatches;
  #onCreateUserHook: OnCreateUser | null = null;
  readonly #validateNewUserHook = new Hook<ValidateNewUser>('Accounts.validateNewUser');
  readonly #validateLoginAttemptHook = new Hook<ValidateLoginAttempt>('Accounts.validateLoginAttempt');
  readonly #onLoginHook = new Hook<LoginObserver>('Accounts.onLogin');
  readonly #onLoginFailureHook = new Hook<LoginObserver>('Accounts.onLoginFailure');
  readonly #onLogoutHook = new Hook<LogoutObserver>('Accounts.onLogout');
  #sweep: SweepState = { kind: 'idle' };
  /** Login method calls that reached a decision, and those that failed (for the metrics endpoint). */
  readonly #loginTally = { attempts: 0, failures: 0 };

  constructor(options: AccountsServerOptions) {
    this.users = options.users;
    this.host = options.host;
    this.#clock = options.clock ?? systemClock;
    this.#expirySweepMs = options.expirySweepMs ?? 10 * 60 * 1000;
    // Tokens removed by any process (or by hand in the database) close the connections here.
    this.#tokenWatches = new UserTokenWatches(
      options.watchUserTokens ?? observeUserTokens((selector, opts) => this.users.find(selector, opts)),
      (userId, removed) => {
        if (removed === 'all') this.#logins.closeUserConnections(userId);
        else this.#logins.closeConnectionsUsing(removed);
      },
    );
    this.#logins = new ConnectionLogins({
      userActive: (userId) => this.#tokenWatches.retain(userId),
      userInactive: (userId) => this.#tokenWatches.release(userId),
    });
    this.registerLoginHandler('resume', (request) => this.#resumeLogin(request));
  }

  config(options: unknown): void {
    this.#settings = { ...this.#settings, ...parseAccountsConfig(options) };
  }

  get options(): Readonly<AccountsConfig> {
    return this.#settings;
  }

  now(): Date {
    return this.#clock.now();
  }

  /** Login attempts decided since this server started, and how many failed. */
  loginMetrics(): { attempts: number; failures: number } {
    return { ...this.#loginTally };
  }

  registerLoginHandler(name: string, handler: LoginHandler): void {
    if (this.#loginHandlers.has(name)) throw new Error(`A login handler named "${name}" is already registered`);
    this.#loginHandlers.set(name, handler);
  }

  onCreateUser(callback: OnCreateUser): void {
    if (this.#onCreateUserHook !== null) throw new Error('Can only call onCreateUser once');
    this.#onCreateUserHook = callback;
  }

  validateNewUser(callback: ValidateNewUser): HookHandle {
    return this.#validateNewUserHook.register(callback);
  }

  validateLoginAttempt(callback: ValidateLoginAttempt): HookHandle {
    return this.#validateLoginAttemptHook.register(callback);
  }

  onLogin(callback: LoginObserver): HookHandle {
    return this.#onLoginHook.register(callback);
  }

  onLoginFailure(callback: LoginObserver): HookHandle {
    return this.#onLoginFailureHook.register(callback);
  }

  onLogout(callback: LogoutObserver): HookHandle {
    return this.#onLogoutHook.register(callback);
  }

  /** Registers the login methods and the user publication, and starts the expiry sweep. */
  start(): void {
    const host = this.host;
    if (host !== undefined) registerAccountsMethods(this, host);
    void this.ensureIndexes().catch((error: unknown) => console.error('accounts: creating users indexes failed', error));
    if (this.#sweep.kind === 'idle') {
      this.#sweep = { kind: 'running', handle: this.#clock.setInterval(() => void this.expireTokens().catch(() => undefined), this.#expirySweepMs) };
    }
  }

  /**
   * The lookups every login makes must not scan the users collection; unique indexes also
   * close the race between two sign-ups with the same name.
   */
  async ensureIndexes(): Promise<void> {
    const create = this.users.createIndexAsync?.bind(this.users);
    if (create === undefined) return;
    await create({ username: 1 }, { unique: true, sparse: true });
    await create({ 'emails.address': 1 }, { unique: true, sparse: true });
    await create({ 'services.resume.loginTokens.hashedToken': 1 });
    await create({ 'services.password.reset.hashedToken': 1 }, { sparse: true });
    await create({ 'services.email.verificationTokens.hashedToken': 1 }, { sparse: true });
  }

  /** Stops the expiry sweep and the token watches; safe to call twice. */
  stop(): void {
    if (this.#sweep.kind === 'running') this.#clock.clearInterval(this.#sweep.handle);
    this.#sweep = { kind: 'idle' };
    this.#tokenWatches.stopAll();
  }

  /**
   * Runs one login-type method: `attempt` decides who logs in; hooks run; on success the
   * connection is logged in and the wire result returned, on failure the error is thrown.
   */
  async loginMethod(
    invocation: AccountsMethodInvocation,
    methodName: string,
    methodArguments: unknown[],
    attempt: () => Promise<LoginHandlerResult>,
  ): Promise<LoginMethodResult> {
    let result: LoginHandlerResult;
    try {
      result = await attempt();
    } catch (error) {
      result = { type: methodName, error: error as MeteorError };
    }
    const user = result.userId === undefined ? null : await this.users.findOneAsync({ _id: result.userId });
    const record: LoginAttempt = {
      type: result.type,
      allowed: result.error === undefined && user != null,
      connection: invocation.connection,
      methodName,
      methodArguments,
      ...(user != null ? { user } : {}),
      ...(result.error !== undefined ? { error: result.error } : {}),
    };
    if (record.allowed) {
      for (const validate of this.#validateLoginAttemptHook.list()) {
        try {
          if (!(await validate({ ...record }))) {
            record.allowed = false;
            record.error = accountsErrors.loginForbidden();
            break;
          }
        } catch (error) {
          record.allowed = false;
          record.error = error as MeteorError;
          break;
        }
      }
    }
    this.#loginTally.attempts += 1;
    if (!record.allowed || user == null) {
      this.#loginTally.failures += 1;
      record.error ??= accountsErrors.loginFailed();
      await this.#notify(this.#onLoginFailureHook.list(), record);
      throw record.error;
    }
    const stamped = result.stampedLoginToken ?? (await this.#insertLoginToken(user._id));
    const hashedToken = hashLoginToken(stamped.token);
    if (invocation.connection !== null) this.#logins.remember(invocation.connection, user._id, hashedToken, stamped.when);
    await invocation.setUserId(user._id);
    await this.#notify(this.#onLoginHook.list(), record);
    return { id: user._id, token: stamped.token, tokenExpires: tokenExpiresAt(stamped.when, this.#settings.loginExpirationInDays) };
  }

  async #notify(callbacks: LoginObserver[], attempt: LoginAttempt): Promise<void> {
    for (const callback of callbacks) {
      // Observers cannot change the outcome; one failing must not stop the others.
      try {
        await callback({ ...attempt });
      } catch (error) {
        console.error('accounts: login hook failed', error);
      }
    }
  }

  /** Asks each login handler in turn; the first that recognises the request decides. */
  async runLoginHandlers(request: Record<string, unknown>, invocation: AccountsMethodInvocation): Promise<LoginHandlerResult> {
    for (const handler of this.#loginHandlers.values()) {
      const result = await handler(request, invocation);
      if (result !== undefined) return result;
    }
    throw accountsErrors.unrecognizedLoginRequest();
  }

  async #resumeLogin(request: Record<string, unknown>): Promise<LoginHandlerResult | undefined> {
    if (!('resume' in request)) return undefined;
    const token = parseLoginToken(request.resume);
    if (token === null) return { type: 'resume', error: accountsErrors.loggedOutByServer() };
    const hashedToken = hashLoginToken(token);
    const user = await this.users.findOneAsync({ 'services.resume.loginTokens.hashedToken': hashedToken });
    const record = user?.services?.resume?.loginTokens?.find((t) => t.hashedToken === hashedToken);
    if (user == null || record === undefined) return { type: 'resume', error: accountsErrors.loggedOutByServer() };
    if (isTokenExpired(record.when, this.#settings.loginExpirationInDays, this.#clock.now())) {
      return { type: 'resume', userId: user._id, error: accountsErrors.sessionExpired() };
    }
    return { type: 'resume', userId: user._id, stampedLoginToken: { token, when: record.when } };
  }

  async #insertLoginToken(userId: string): Promise<StampedLoginToken> {
    const stamped = generateStampedLoginToken(this.#clock.now());
    await this.users.updateAsync({ _id: userId }, { $push: { 'services.resume.loginTokens': hashStampedToken(stamped) } });
    return stamped;
  }

  async logoutConnection(invocation: AccountsMethodInvocation): Promise<void> {
    const userId = invocation.userId;
    const connection = invocation.connection;
    const login = connection === null ? undefined : this.#logins.forget(connection.id);
    if (userId !== null && login !== undefined) {
      await this.users.updateAsync({ _id: userId }, { $pull: { 'services.resume.loginTokens': { hashedToken: login.hashedToken } } });
    }
    const user = userId === null ? null : ((await this.users.findOneAsync({ _id: userId })) ?? null);
    await invocation.setUserId(null);
    for (const callback of this.#onLogoutHook.list()) {
      try {
        await callback({ user, connection });
      } catch (error) {
        console.error('accounts: onLogout hook failed', error);
      }
    }
  }

  async issueNewToken(invocation: AccountsMethodInvocation): Promise<LoginMethodResult> {
    const userId = invocation.userId;
    if (userId === null || invocation.connection === null) throw accountsErrors.notLoggedIn();
    const stamped = await this.#insertLoginToken(userId);
    this.#logins.remember(invocation.connection, userId, hashLoginToken(stamped.token), stamped.when);
    return { id: userId, token: stamped.token, tokenExpires: tokenExpiresAt(stamped.when, this.#settings.loginExpirationInDays) };
  }

  async removeOtherTokens(invocation: AccountsMethodInvocation): Promise<void> {
    const userId = invocation.userId;
    const current = invocation.connection === null ? undefined : this.#logins.tokenOf(invocation.connection.id);
    if (userId === null || current === undefined) throw accountsErrors.notLoggedIn();
    await this.keepOnlyTokens(userId, [current], invocation.connection?.id);
  }

  /**
   * Removes every login token of a user except `keep`, and closes the connections that were
   * logged in with the removed ones (their clients see a disconnect and fail to resume).
   */
  async keepOnlyTokens(userId: string, keep: string[], keepConnectionId?: string): Promise<void> {
    await this.users.updateAsync({ _id: userId }, { $pull: { 'services.resume.loginTokens': { hashedToken: { $nin: keep } } } });
    this.#logins.closeUserConnectionsExcept(userId, new Set(keep), keepConnectionId);
  }

  /** The hashed token a connection is logged in with, if any. */
  currentHashedToken(connectionId: string): string | undefined {
    return this.#logins.tokenOf(connectionId);
  }

  /** Deletes tokens past their expiry and drops the connections using them. */
  async expireTokens(): Promise<void> {
    const days = this.#settings.loginExpirationInDays;
    if (days === null) return;
    const cutoff = new Date(this.#clock.now().getTime() - days * 24 * 60 * 60 * 1000);
    await this.users.updateAsync(
      { 'services.resume.loginTokens.when': { $lt: cutoff } },
      { $pull: { 'services.resume.loginTokens': { when: { $lt: cutoff } } } },
      { multi: true },
    );
    this.#logins.closeConnectionsIssuedBefore(cutoff);
  }

  /** The user a raw login token (e.g. from an HTTP header) stands for, or null. */
  async userForLoginToken(rawToken: unknown): Promise<UserDocument | null> {
    const token = parseLoginToken(rawToken);
    if (token === null) return null;
    const hashedToken = hashLoginToken(token);
    const user = await this.users.findOneAsync({ 'services.resume.loginTokens.hashedToken': hashedToken });
    const record = user?.services?.resume?.loginTokens?.find((t) => t.hashedToken === hashedToken);
    if (user == null || record === undefined) return null;
    return isTokenExpired(record.when, this.#settings.loginExpirationInDays, this.#clock.now()) ? null : user;
  }

  async findUserByUsername(username: string): Promise<UserDocument | null> {
    return findUserByField(this.users, 'username', username);
  }

  async findUserByEmail(email: string): Promise<UserDocument | null> {
    return findUserByField(this.users, 'emails.address', email);
  }

  /**
   * Creates a user document from sign-up options: onCreateUser shapes it, validateNewUser and
   * the domain restriction vet it, username and emails must be unique ignoring case.
   */
  async insertUserDoc(options: NewUserOptions, base: NewUserDocument = { createdAt: this.#clock.now(), services: {} }): Promise<string> {
    let user: NewUserDocument = { ...base, createdAt: this.#clock.now() };
    if (typeof options.username === 'string') user.username = options.username;
    if (typeof options.email === 'string') user.emails = [{ address: options.email, verified: false }];
    if (user.username === undefined && user.emails === undefined) throw accountsErrors.needUsernameOrEmail();
    if (this.#onCreateUserHook !== null) {
      user = await this.#onCreateUserHook(options, user);
    } else if (options.profile !== undefined) {
      user.profile = options.profile;
    }
    for (const validate of this.#validateNewUserHook.list()) {
      if (!(await validate(user))) throw accountsErrors.userValidationFailed();
    }
    const domainRule = this.#settings.restrictCreationByEmailDomain;
    for (const email of user.emails ?? []) {
      if (!emailDomainAllowed(domainRule, email.address)) {
        throw typeof domainRule === 'string' ? accountsErrors.emailDomainRequired(domainRule) : accountsErrors.userValidationFailed();
      }
    }
    if (user.username !== undefined && (await this.findUserByUsername(user.username)) !== null) throw accountsErrors.usernameTaken();
    for (const email of user.emails ?? []) {
      if ((await this.findUserByEmail(email.address)) !== null) throw accountsErrors.emailTaken();
    }
    const id = await this.users.insertAsync(user);
    if (typeof id !== 'string') throw new Error('The users collection must use string ids');
    return id;
  }
}
