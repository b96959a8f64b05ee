import { MeteorError } from '@perseid/meteor-core';

/**
 * Every error the accounts system sends to clients. Wrong password and unknown user share one
 * message on purpose, so a caller cannot probe which accounts exist.
 *
 * The numeric `error` is Meteor's (apps match on 403); `details.code` names each refusal in the
 * catalogue's `<area>.<kebab-name>` scheme, so a client can tell them apart without parsing reasons.
 */
export const accountsErrors = {
  loginFailed: () => new MeteorError(403, 'Something went wrong. Please check your credentials.', { code: 'accounts.login-failed' }),
  loggedOutByServer: () => new MeteorError(403, "You've been logged out by the server. Please log in again.", { code: 'accounts.logged-out-by-server' }),
  sessionExpired: () => new MeteorError(403, 'Your session has expired. Please log in again.', { code: 'accounts.session-expired' }),
  loginForbidden: () => new MeteorError(403, 'Login forbidden', { code: 'accounts.login-forbidden' }),
  unrecognizedLoginRequest: () => new MeteorError(400, 'Unrecognized options for login request', { code: 'accounts.unrecognized-login-request' }),
  malformedRequest: (what: string) => new MeteorError(400, `Match failed: ${what}`, { code: 'accounts.malformed-request' }),
  signupsForbidden: () => new MeteorError(403, 'Signups forbidden', { code: 'accounts.signups-forbidden' }),
  usernameTaken: () => new MeteorError(403, 'Username already exists.', { code: 'accounts.username-taken' }),
  emailTaken: () => new MeteorError(403, 'Email already exists.', { code: 'accounts.email-taken' }),
  needUsernameOrEmail: () => new MeteorError(400, 'Need to set a username or email', { code: 'accounts.need-username-or-email' }),
  userValidationFailed: () => new MeteorError(403, 'User validation failed', { code: 'accounts.user-validation-failed' }),
  emailDomainRequired: (domain: string) => new MeteorError(403, `@${domain} email required`, { code: 'accounts.email-domain-required' }),
  notLoggedIn: () => new MeteorError(401, 'You must be logged in', { code: 'accounts.not-logged-in' }),
  tokenExpired: () => new MeteorError(403, 'Token expired', { code: 'accounts.token-expired' }),
  userNotFound: () => new MeteorError(403, 'User not found', { code: 'accounts.user-not-found' }),
  emailNotFound: () => new MeteorError(403, 'Email not found', { code: 'accounts.email-not-found' }),
  emptyPassword: () => new MeteorError(400, 'Password may not be empty', { code: 'accounts.empty-password' }),
  incorrectPassword: () => new MeteorError(403, 'Incorrect password', { code: 'accounts.incorrect-password' }),
  verifyLinkExpired: () => new MeteorError(403, 'Verify email link expired', { code: 'accounts.verify-link-expired' }),
  badLoginResult: () => new MeteorError('accounts.bad-login-result', 'The server answered the login with an unexpected result'),
  clientOnly: (member: string) =>
    new MeteorError(
      'accounts.client-only',
      `Meteor.${member} is only available on the client${member === 'user' ? '; use await Meteor.userAsync() on the server' : ''}.`,
    ),
  noInvocation: () => new MeteorError('accounts.no-invocation', 'Meteor.userId can only be invoked in method calls or publications.'),
} as const;

export type AccountsErrorName = keyof typeof accountsErrors;
