import { MeteorError } from '@perseid/meteor-core';

/**
 * Every error the accounts system sends to clients. Wrong password and unknown user share one
 * message on purpose, so a caller cannot probe which accounts exist.
 */
export const accountsErrors = {
  loginFailed: () => new MeteorError(403, 'Something went wrong. Please check your credentials.'),
  loggedOutByServer: () => new MeteorError(403, "You've been logged out by the server. Please log in again."),
  sessionExpired: () => new MeteorError(403, 'Your session has expired. Please log in again.'),
  loginForbidden: () => new MeteorError(403, 'Login forbidden'),
  unrecognizedLoginRequest: () => new MeteorError(400, 'Unrecognized options for login request'),
  malformedRequest: (what: string) => new MeteorError(400, `Match failed: ${what}`),
  signupsForbidden: () => new MeteorError(403, 'Signups forbidden'),
  usernameTaken: () => new MeteorError(403, 'Username already exists.'),
  emailTaken: () => new MeteorError(403, 'Email already exists.'),
  needUsernameOrEmail: () => new MeteorError(400, 'Need to set a username or email'),
  userValidationFailed: () => new MeteorError(403, 'User validation failed'),
  emailDomainRequired: (domain: string) => new MeteorError(403, `@${domain} email required`),
  notLoggedIn: () => new MeteorError(401, 'You must be logged in'),
  tokenExpired: () => new MeteorError(403, 'Token expired'),
  userNotFound: () => new MeteorError(403, 'User not found'),
  emailNotFound: () => new MeteorError(403, 'Email not found'),
  emptyPassword: () => new MeteorError(400, 'Password may not be empty'),
  incorrectPassword: () => new MeteorError(403, 'Incorrect password'),
  verifyLinkExpired: () => new MeteorError(403, 'Verify email link expired'),
  badLoginResult: () => new MeteorError('accounts.bad-login-result', 'The server answered the login with an unexpected result'),
  clientOnly: (member: string) =>
    new MeteorError(
      'accounts.client-only',
      `Meteor.${member} is only available on the client${member === 'user' ? '; use await Meteor.userAsync() on the server' : ''}.`,
    ),
  noInvocation: () => new MeteorError('accounts.no-invocation', 'Meteor.userId can only be invoked in method calls or publications.'),
} as const;

export type AccountsErrorName = keyof typeof accountsErrors;
