import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { accountsErrors } from './accounts-errors';
import type { LoginHandlerResult, NewUserOptions } from './accounts-server';
import { Email } from '@perseid/email';
import type { EmailSender } from './email-sender';
import { loginAccountName } from './login-attempt-guard';
import { parseUserSelector, type PasswordAccounts } from './password-accounts';
import { selfValidating } from './self-validating-methods';
import type { AccountsMethodInvocation } from './server-ports';
import type { PasswordlessRecord, UserDocument } from './user-document';

const HOUR_MS = 60 * 60 * 1000;
/** Wrong codes a mailed set survives; then it is void and a new one must be requested. */
export const MAX_PASSWORDLESS_FAILURES = 5;

type UserSelector = { username: string } | { email: string } | { id: string };

export interface SentLoginToken {
  email: string;
  user: UserDocument;
  token: string;
  url: string;
}

export interface PasswordlessAccountsApi {
  /** Mails `sequence` (and the link logging in with it) to one of the user's addresses. */
  sendLoginTokenEmail(options: { userId: string; sequence: string; email: string; extra?: Record<string, unknown> }): Promise<SentLoginToken>;
  /** Called with each new user-level code; return false to send no email (Meteor's hook). */
  onCreateLoginToken(hook: (info: { token: string; userId: string }) => boolean | Promise<boolean>): void;
}

export type PasswordlessAccounts = PasswordAccounts & PasswordlessAccountsApi;

export interface PasswordlessAccountsOptions {
  email?: EmailSender;
  /** Printed in development: the link of each mailed code, as Meteor logs it. */
  log?: (line: string) => void;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function plainObject(raw: unknown, what: string): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw accountsErrors.malformedRequest(`${what} must be an object`);
  return raw as Record<string, unknown>;
}

function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) throw accountsErrors.malformedRequest(`${what} must be a non-empty string`);
  return value;
}

/**
 * Adds Meteor's accounts-passwordless to password accounts: the `requestLoginTokenForUser`
 * method (finds or creates the user, mails a one-time code to each address, or the one the
 * selector names) and the `passwordless` login handler (`login({ selector, token })`), which
 * marks the address verified and voids the codes. Codes last `loginTokenExpirationHours`; wrong
 * codes count against the login attempt limits, and MAX_PASSWORDLESS_FAILURES of them void the set.
 */
export function enablePasswordlessAccounts(accounts: PasswordAccounts, options: PasswordlessAccountsOptions = {}): PasswordlessAccounts {
  const sender: EmailSender = options.email ?? { sendAsync: (message) => Email.sendAsync({ ...message }), close: () => undefined };
  const users = accounts.users;
  let createTokenHook: ((info: { token: string; userId: string }) => boolean | Promise<boolean>) | null = null;

  const sequence = (): string =>
    randomBytes(Math.ceil(accounts.options.tokenSequenceLength / 2))
      .toString('hex')
      .slice(0, accounts.options.tokenSequenceLength)
      .toUpperCase();

  async function findBySelector(selector: UserSelector): Promise<UserDocument | null> {
    if ('id' in selector) return (await users.findOneAsync({ _id: selector.id })) ?? null;
    if ('username' in selector) return accounts.findUserByUsername(selector.username);
    return accounts.findUserByEmail(selector.email);
  }

  const api: PasswordlessAccountsApi = {
    async sendLoginTokenEmail({ userId, sequence: code, email }) {
      const user = await users.findOneAsync({ _id: userId });
      if (user == null) throw accountsErrors.userNotFound();
      const url = accounts.urls.loginToken(email, code);
      const template = accounts.emailTemplates.sendLoginToken;
      await sender.sendAsync({ to: email, from: accounts.emailTemplates.from, subject: template.subject(user), text: template.text(user, url, code) });
      options.log?.(`\nLogin Token url: ${url}`);
      return { email, user, token: code, url };
    },
    onCreateLoginToken(hook) {
      if (typeof hook !== 'function') throw new TypeError('Accounts.onCreateLoginToken needs a function');
      createTokenHook = hook;
    },
  };

  async function requestLoginToken(args: unknown[]): Promise<{ selector: UserSelector; userData: Record<string, unknown>; isNewUser: boolean }> {
    const input = plainObject(args[0], 'requestLoginTokenForUser options');
    const selector = parseUserSelector(input['selector']);
    const userData = plainObject(input['userData'], 'userData');
    const requestOptions = plainObject(input['options'], 'options');
    let user = await findBySelector(selector);
    const isNewUser = user === null;
    if (user === null) {
      if (requestOptions['userCreationDisabled'] === true || accounts.options.forbidClientAccountCreation) throw accountsErrors.userNotFound();
      const username = optionalString(userData['username'], 'userData.username');
      const email = optionalString(userData['email'], 'userData.email');
      const profile = userData['profile'];
      if (profile !== undefined && (profile === null || typeof profile !== 'object' || Array.isArray(profile)))
        throw accountsErrors.malformedRequest('userData.profile must be an object');
      const newUser: NewUserOptions = {
        ...(username !== undefined ? { username } : {}),
        ...(email !== undefined ? { email } : {}),
        ...(profile !== undefined ? { profile: profile as Record<string, unknown> } : {}),
      };
      const userId = await accounts.insertUserDoc(newUser, { createdAt: accounts.now(), services: {} });
      user = (await users.findOneAsync({ _id: userId })) ?? null;
      if (user === null) throw accountsErrors.userNotFound();
    }
    const wanted = 'email' in selector ? selector.email.toLowerCase() : undefined;
    const codes = (user.emails ?? [])
      .filter((e) => wanted === undefined || e.address.toLowerCase() === wanted)
      .map((e) => ({ email: e.address, code: sequence() }));
    if (codes.length === 0) throw accountsErrors.emailNotFound();
    const userCode = sequence();
    const record: PasswordlessRecord = {
      createdAt: accounts.now(),
      token: sha256(user._id + userCode),
      tokens: codes.map(({ email, code }) => ({ email, token: sha256(email + code) })),
      ...(isNewUser ? { isNewUser } : {}),
    };
    await users.updateAsync({ _id: user._id }, { $set: { 'services.passwordless': record } });
    const send = createTokenHook === null ? true : await createTokenHook({ token: userCode, userId: user._id });
    if (send !== false) {
      const extra = plainObject(requestOptions['extra'], 'options.extra');
      for (const { email, code } of codes) await api.sendLoginTokenEmail({ userId: user._id, sequence: code, email, extra });
    }
    return { selector, userData, isNewUser };
  }

  const passwordlessLogin = async (request: Record<string, unknown>, invocation: AccountsMethodInvocation): Promise<LoginHandlerResult | undefined> => {
    if (!('token' in request)) return undefined;
    const token = request['token'];
    if (typeof token !== 'string' || token.length === 0 || token.length > accounts.options.tokenSequenceLength) {
      throw accountsErrors.malformedRequest(`token must be a string of at most ${accounts.options.tokenSequenceLength} characters`);
    }
    const selector = parseUserSelector(request['selector']);
    // Before the lookup: a refused attempt costs no query, and guessing codes meets the same
    // backoff as guessing passwords.
    const attempt = accounts.loginAttempts.begin({ account: loginAccountName(selector), clientAddress: invocation.connection?.clientAddress ?? null });
    const user = await findBySelector(selector);
    const record = user?.services?.passwordless;
    if (user == null || record === undefined) return { type: 'passwordless', error: accountsErrors.loginFailed() };
    const code = token.toUpperCase();
    if (accounts.now().getTime() >= new Date(record.createdAt).getTime() + accounts.options.loginTokenExpirationHours * HOUR_MS) {
      return { type: 'passwordless', userId: user._id, error: accountsErrors.tokenExpired() };
    }
    const verifiedEmail =
      'email' in selector
        ? record.tokens.find((t) => t.email.toLowerCase() === selector.email.toLowerCase() && sameHash(t.token, sha256(t.email + code)))?.email
        : undefined;
    const matches = verifiedEmail !== undefined || (!('email' in selector) && sameHash(record.token, sha256(user._id + code)));
    if (!matches) {
      const failures = (record.failedAttempts ?? 0) + 1;
      await users.updateAsync(
        { _id: user._id },
        failures >= MAX_PASSWORDLESS_FAILURES ? { $unset: { 'services.passwordless': 1 } } : { $set: { 'services.passwordless.failedAttempts': failures } },
      );
      return { type: 'passwordless', userId: user._id, error: accountsErrors.loginFailed() };
    }
    attempt.succeeded();
    const emails = (user.emails ?? []).map((e) => (e.address === verifiedEmail ? { ...e, verified: true } : e));
    await users.updateAsync({ _id: user._id }, { $set: { emails }, $unset: { 'services.passwordless': 1 } });
    return { type: 'passwordless', userId: user._id };
  };
  accounts.registerLoginHandler('passwordless', passwordlessLogin);

  accounts.host?.methods(
    selfValidating({
      async requestLoginTokenForUser(...args) {
        return requestLoginToken(args);
      },
    } satisfies Record<string, (this: AccountsMethodInvocation, ...args: unknown[]) => Promise<unknown>>),
  );

  return Object.assign(accounts, api);
}
