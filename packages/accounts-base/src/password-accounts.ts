import { createHash } from 'node:crypto';
import { accountsErrors } from './accounts-errors';
import type { AccountsServer, LoginHandlerResult, NewUserOptions } from './accounts-server';
import { Email } from '@perseid/email';
import type { EmailSender } from './email-sender';
import { generateSecret, hashLoginToken, parseLoginToken } from './login-token';
import { selfValidating } from './self-validating-methods';
import type { AccountsMethodInvocation } from './server-ports';
import type { MailedTokenRecord, UserDocument } from './user-document';
import { PasswordHasher } from './password-hasher';
import type { Argon2Parameters } from './password-hasher';
import { parsePasswordDigest } from './password-digest';
import type { PasswordDigest } from './password-digest';
import { defaultEmailTemplates, defaultUrls } from './email-templates';
import { LoginAttemptGuard, loginAccountName } from './login-attempt-guard';
import { AccountRequestGuard, parseAccountRequestLimits, type AccountRequestLimits, type RequestWindow } from './account-request-limits';
import { parseLoginAttemptLimits } from './login-attempt-limits';
import type { FailureBackoff, LoginAttemptLimits } from './login-attempt-limits';
import type { AccountsEmailTemplates, AccountsUrls } from './email-templates';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A password as server code may give it: plain text (hashed here) or a client digest. */
export type ServerPassword = string | PasswordDigest;

export interface CreateUserOptions extends NewUserOptions {
  password?: ServerPassword;
}

export interface PasswordAccountsOptions {
  argon2?: Partial<Argon2Parameters>;
  email?: EmailSender;
  /** Base URL for emailed links (ROOT_URL). */
  rootUrl?: string;
  /** Wrong-password limits across connections; omitted scopes and fields keep DEFAULT_LOGIN_ATTEMPT_LIMITS. */
  loginAttemptLimits?: { [S in keyof LoginAttemptLimits]?: Partial<FailureBackoff> };
  /** Sign-up and reset-mail limits per client address and target email (see AccountRequestLimits). */
  requestLimits?: { [S in keyof AccountRequestLimits]?: Partial<RequestWindow> };
}

export interface PasswordAccountsApi {
  readonly hasher: PasswordHasher;
  readonly emailTemplates: AccountsEmailTemplates;
  readonly urls: AccountsUrls;
  /** The wrong-password limits in force (password logins and changePassword go through it). */
  readonly loginAttempts: LoginAttemptGuard;
  createUser(options: CreateUserOptions): Promise<string>;
  /** Meteor 3's server name for createUser (the same call). */
  createUserAsync(options: CreateUserOptions): Promise<string>;
  setPasswordAsync(userId: string, newPassword: ServerPassword, options?: { logout?: boolean }): Promise<void>;
  addEmailAsync(userId: string, email: string, verified?: boolean): Promise<void>;
  removeEmail(userId: string, email: string): Promise<void>;
  sendResetPasswordEmail(userId: string, email?: string): Promise<{ email: string; token: string; url: string }>;
  sendEnrollmentEmail(userId: string, email?: string): Promise<{ email: string; token: string; url: string }>;
  sendVerificationEmail(userId: string, email?: string): Promise<{ email: string; token: string; url: string }>;
}

export type PasswordAccounts = AccountsServer & PasswordAccountsApi;

function toDigest(password: ServerPassword): string {
  if (typeof password === 'string') {
    if (password.length === 0) throw accountsErrors.emptyPassword();
    return createHash('sha256').update(password).digest('hex');
  }
  const parsed = parsePasswordDigest(password);
  if (parsed === null) throw accountsErrors.malformedRequest('password must be { digest, algorithm: "sha-256" }');
  return parsed.digest;
}

function wireDigest(raw: unknown): string {
  const parsed = parsePasswordDigest(raw);
  if (parsed === null) throw accountsErrors.malformedRequest('password must be { digest, algorithm: "sha-256" }');
  return parsed.digest;
}

function optionalString(raw: unknown, what: string): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 256) throw accountsErrors.malformedRequest(`${what} must be a non-empty string`);
  return raw;
}

/** The user selector of a password login: `{ username }`, `{ email }` or `{ id }`. */
export function parseUserSelector(raw: unknown): { username: string } | { email: string } | { id: string } {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const keys = Object.keys(raw);
    const record = raw as Record<string, unknown>;
    if (keys.length === 1) {
      const value = record[keys[0] as string];
      if (typeof value === 'string' && value.length > 0) {
        if (keys[0] === 'username') return { username: value };
        if (keys[0] === 'email') return { email: value };
        if (keys[0] === 'id') return { id: value };
      }
    }
  }
  throw accountsErrors.malformedRequest('user must be { username }, { email } or { id }');
}

/** Every name a login may give the account by, as the attempt guard keys them. */
function accountNames(user: UserDocument): string[] {
  const names = [loginAccountName({ id: user._id })];
  if (user.username !== undefined) names.push(loginAccountName({ username: user.username }));
  for (const email of user.emails ?? []) names.push(loginAccountName({ email: email.address }));
  return names;
}

function clientAddressOf(invocation: AccountsMethodInvocation): string | null {
  return invocation.connection?.clientAddress ?? null;
}

function mailedRecords(user: UserDocument): MailedTokenRecord[] {
  return user.services?.email?.verificationTokens ?? [];
}

/**
 * Adds password login to an AccountsServer, as Meteor's accounts-password package does:
 * the `password` login handler, the sign-up / change / reset / verify methods, and the server
 * API (createUser, setPasswordAsync, addEmailAsync, the emails). Returns the same object,
 * typed with the added API.
 */
export function enablePasswordAccounts(accounts: AccountsServer, options: PasswordAccountsOptions = {}): PasswordAccounts {
  const hasher = new PasswordHasher(options.argon2);
  void hasher.prepareDummy();
  // Meteor's accounts send through the email package, so its hooks and customTransport apply.
  const sender: EmailSender = options.email ?? { sendAsync: (message) => Email.sendAsync({ ...message }), close: () => undefined };
  const emailTemplates = defaultEmailTemplates();
  const urls = defaultUrls(options.rootUrl ?? process.env.ROOT_URL ?? 'http://localhost:3000/');
  const users = accounts.users;
  const loginAttempts = new LoginAttemptGuard(parseLoginAttemptLimits(options.loginAttemptLimits), () => accounts.now().getTime());
  const requests = new AccountRequestGuard(parseAccountRequestLimits(options.requestLimits), () => accounts.now().getTime());

  async function findBySelector(selector: { username: string } | { email: string } | { id: string }): Promise<UserDocument | null> {
    if ('id' in selector) return (await users.findOneAsync({ _id: selector.id })) ?? null;
    if ('username' in selector) return accounts.findUserByUsername(selector.username);
    return accounts.findUserByEmail(selector.email);
  }

  async function requireUser(userId: string): Promise<UserDocument> {
    const user = await users.findOneAsync({ _id: userId });
    if (user == null) throw accountsErrors.userNotFound();
    return user;
  }

  async function storePassword(userId: string, digest: string, extra: Record<string, unknown> = {}): Promise<void> {
    const encoded = await hasher.hash(digest);
    await users.updateAsync(
      { _id: userId },
      { $set: { 'services.password.argon2': encoded, ...extra }, $unset: { 'services.password.bcrypt': 1, 'services.password.reset': 1 } },
    );
  }

  async function createUserWithDigest(userOptions: NewUserOptions, digest: string | undefined): Promise<string> {
    const services: Record<string, unknown> = {};
    if (digest !== undefined) services.password = { argon2: await hasher.hash(digest) };
    return accounts.insertUserDoc(userOptions, { createdAt: accounts.now(), services });
  }

  /** Mints a single-use token: the user gets the secret by mail, the database its hash. */
  async function mailToken(
    userId: string,
    email: string | undefined,
    kind: 'reset' | 'enroll' | 'verify',
  ): Promise<{ email: string; token: string; url: string }> {
    const user = await requireUser(userId);
    const address = email ?? user.emails?.find((e) => kind !== 'verify' || !e.verified)?.address ?? user.emails?.[0]?.address;
    if (address === undefined || !(user.emails ?? []).some((e) => e.address === address)) throw accountsErrors.emailNotFound();
    const token = generateSecret();
    const record: MailedTokenRecord = { hashedToken: hashLoginToken(token), address, when: accounts.now() };
    if (kind === 'verify') {
      await users.updateAsync({ _id: userId }, { $push: { 'services.email.verificationTokens': record } });
    } else {
      await users.updateAsync({ _id: userId }, { $set: { 'services.password.reset': { ...record, reason: kind } } });
    }
    const url = kind === 'verify' ? urls.verifyEmail(token) : kind === 'reset' ? urls.resetPassword(token) : urls.enrollAccount(token);
    const template = kind === 'verify' ? emailTemplates.verifyEmail : kind === 'reset' ? emailTemplates.resetPassword : emailTemplates.enrollAccount;
    await sender.sendAsync({ to: address, from: emailTemplates.from, subject: template.subject(user), text: template.text(user, url) });
    return { email: address, token, url };
  }

  const passwordLogin = async (request: Record<string, unknown>, invocation: AccountsMethodInvocation): Promise<LoginHandlerResult | undefined> => {
    if (!('password' in request)) return undefined;
    const selector = parseUserSelector(request.user);
    const digest = wireDigest(request.password);
    // Before any lookup: a refused attempt costs neither a query nor a hash.
    const attempt = loginAttempts.begin({ account: loginAccountName(selector), clientAddress: clientAddressOf(invocation) });
    const user = await findBySelector(selector);
    if (user === null) {
      await hasher.spendDummyCheck(digest);
      return { type: 'password', error: accountsErrors.loginFailed() };
    }
    const check = await hasher.check(user.services?.password ?? {}, digest);
    if (check.outcome === 'mismatch') return { type: 'password', userId: user._id, error: accountsErrors.loginFailed() };
    attempt.succeeded();
    if (check.rehashed !== null) {
      await users.updateAsync({ _id: user._id }, { $set: { 'services.password.argon2': check.rehashed }, $unset: { 'services.password.bcrypt': 1 } });
    }
    return { type: 'password', userId: user._id };
  };
  accounts.registerLoginHandler('password', passwordLogin);

  const api: PasswordAccountsApi = {
    hasher,
    emailTemplates,
    urls,
    loginAttempts,
    async createUser(createOptions) {
      const { password, ...rest } = createOptions;
      return createUserWithDigest(rest, password === undefined ? undefined : toDigest(password));
    },
    async createUserAsync(createOptions) {
      return api.createUser(createOptions);
    },
    async setPasswordAsync(userId, newPassword, setOptions = {}) {
      await requireUser(userId);
      await storePassword(userId, toDigest(newPassword));
      if (setOptions.logout ?? true) await accounts.keepOnlyTokens(userId, []);
    },
    async addEmailAsync(userId, email, verified = false) {
      const user = await requireUser(userId);
      const existing = (user.emails ?? []).find((e) => e.address.toLowerCase() === email.toLowerCase());
      const owner = await accounts.findUserByEmail(email);
      if (owner !== null && owner._id !== userId) throw accountsErrors.emailTaken();
      const emails =
        existing === undefined
          ? [...(user.emails ?? []), { address: email, verified }]
          : (user.emails ?? []).map((e) => (e === existing ? { address: email, verified: verified || e.verified } : e));
      await users.updateAsync({ _id: userId }, { $set: { emails } });
    },
    async removeEmail(userId, email) {
      const user = await requireUser(userId);
      await users.updateAsync({ _id: userId }, { $set: { emails: (user.emails ?? []).filter((e) => e.address !== email) } });
    },
    sendResetPasswordEmail: (userId, email) => mailToken(userId, email, 'reset'),
    sendEnrollmentEmail: (userId, email) => mailToken(userId, email, 'enroll'),
    sendVerificationEmail: (userId, email) => mailToken(userId, email, 'verify'),
  };

  const host = accounts.host;
  if (host !== undefined) {
    host.methods(
      selfValidating({
        async createUser(...args) {
          return accounts.loginMethod(this, 'createUser', args, async () => {
            if (accounts.options.forbidClientAccountCreation) throw accountsErrors.signupsForbidden();
            // Before the hash and the insert: a refused sign-up costs neither.
            requests.signUp(clientAddressOf(this));
            const raw = args[0];
            if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw accountsErrors.malformedRequest('createUser expects an options object');
            const input = raw as Record<string, unknown>;
            const username = optionalString(input.username, 'username');
            const email = optionalString(input.email, 'email');
            const profile = input.profile;
            if (profile !== undefined && (profile === null || typeof profile !== 'object' || Array.isArray(profile))) {
              throw accountsErrors.malformedRequest('profile must be an object');
            }
            // As in Meteor, every other option reaches onCreateUser (e.g. an app's invite code).
            const { username: _u, email: _e, profile: _p, password: _w, ...extra } = input;
            const userOptions: NewUserOptions = {
              ...extra,
              ...(username !== undefined ? { username } : {}),
              ...(email !== undefined ? { email } : {}),
              ...(profile !== undefined ? { profile: profile as Record<string, unknown> } : {}),
            };
            const userId = await createUserWithDigest(userOptions, wireDigest(input.password));
            if (email !== undefined && accounts.options.sendVerificationEmail) await api.sendVerificationEmail(userId, email);
            return { type: 'password', userId };
          });
        },
        async changePassword(oldPassword, newPassword) {
          const userId = this.userId;
          if (userId === null) throw accountsErrors.notLoggedIn();
          const oldDigest = wireDigest(oldPassword);
          const newDigest = wireDigest(newPassword);
          // A stolen session must not become a way to guess the password and keep the account.
          const attempt = loginAttempts.begin({ account: loginAccountName({ id: userId }), clientAddress: clientAddressOf(this) });
          const user = await requireUser(userId);
          const check = await hasher.check(user.services?.password ?? {}, oldDigest);
          if (check.outcome === 'mismatch') throw accountsErrors.incorrectPassword();
          attempt.succeeded();
          await storePassword(userId, newDigest);
          // Everyone else holding a token for this account is logged out; this session stays.
          const current = this.connection === null ? undefined : accounts.currentHashedToken(this.connection.id);
          await accounts.keepOnlyTokens(userId, current === undefined ? [] : [current], this.connection?.id);
          return { passwordChanged: true };
        },
        async forgotPassword(options) {
          const raw = options as { email?: unknown } | null;
          const email = optionalString(raw?.email, 'email');
          if (email === undefined) throw accountsErrors.malformedRequest('forgotPassword expects { email }');
          // Before the lookup, known address or not: the refusal must not tell which exist.
          requests.resetMail(clientAddressOf(this), email);
          const user = await accounts.findUserByEmail(email);
          // Answer the same, and as fast, whether or not the address is known, so it cannot be
          // probed: the mail goes out after the answer.
          if (user !== null) {
            const address = user.emails?.find((e) => e.address.toLowerCase() === email.toLowerCase())?.address;
            void api.sendResetPasswordEmail(user._id, address).catch((error: unknown) => console.error('accounts: sending the reset email failed', error));
          }
          return undefined;
        },
        async resetPassword(...args) {
          return accounts.loginMethod(this, 'resetPassword', args, async () => {
            const token = parseLoginToken(args[0]);
            const digest = wireDigest(args[1]);
            if (token === null) throw accountsErrors.tokenExpired();
            const hashedToken = hashLoginToken(token);
            const user = await users.findOneAsync({ 'services.password.reset.hashedToken': hashedToken });
            const reset = user?.services?.password?.reset;
            if (user == null || reset === undefined) throw accountsErrors.tokenExpired();
            const days = reset.reason === 'enroll' ? accounts.options.passwordEnrollTokenExpirationInDays : accounts.options.passwordResetTokenExpirationInDays;
            if (accounts.now().getTime() - new Date(reset.when).getTime() > days * DAY_MS) throw accountsErrors.tokenExpired();
            // Reaching the mailbox proves the address, as in Meteor.
            const emails = (user.emails ?? []).map((e) => (e.address === reset.address ? { ...e, verified: true } : e));
            await storePassword(user._id, digest, { emails });
            await accounts.keepOnlyTokens(user._id, []);
            loginAttempts.recovered(accountNames(user), clientAddressOf(this));
            return { type: 'password', userId: user._id };
          });
        },
        async verifyEmail(...args) {
          return accounts.loginMethod(this, 'verifyEmail', args, async () => {
            const token = parseLoginToken(args[0]);
            if (token === null) throw accountsErrors.verifyLinkExpired();
            const hashedToken = hashLoginToken(token);
            const user = await users.findOneAsync({ 'services.email.verificationTokens.hashedToken': hashedToken });
            const record = user == null ? undefined : mailedRecords(user).find((r) => r.hashedToken === hashedToken);
            if (user == null || record === undefined) throw accountsErrors.verifyLinkExpired();
            const emails = (user.emails ?? []).map((e) => (e.address === record.address ? { ...e, verified: true } : e));
            const remaining = mailedRecords(user).filter((r) => r.address !== record.address);
            await users.updateAsync({ _id: user._id }, { $set: { emails, 'services.email.verificationTokens': remaining } });
            return { type: 'password', userId: user._id };
          });
        },
      } satisfies Record<string, (this: AccountsMethodInvocation, ...args: unknown[]) => Promise<unknown>>),
    );
  }

  return Object.assign(accounts, api);
}
