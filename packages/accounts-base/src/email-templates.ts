import type { UserDocument } from './user-document';

export interface EmailTemplate {
  subject(user: UserDocument): string;
  text(user: UserDocument, url: string): string;
}

/** `Accounts.emailTemplates`: mutable, as apps customise them at start-up. */
export interface AccountsEmailTemplates {
  from: string;
  siteName: string;
  resetPassword: EmailTemplate;
  verifyEmail: EmailTemplate;
  enrollAccount: EmailTemplate;
  /** accounts-passwordless: the one-time login code and a link that logs in with it. */
  sendLoginToken: LoginTokenTemplate;
}

export interface LoginTokenTemplate {
  subject(user: UserDocument): string;
  text(user: UserDocument, url: string, sequence: string): string;
}

/** `Accounts.urls`: the links mailed to users; Meteor's client routes use these hash paths. */
export interface AccountsUrls {
  resetPassword(token: string): string;
  verifyEmail(token: string): string;
  enrollAccount(token: string): string;
  /** accounts-passwordless: the link that logs `selector` (an email) in with `token`. */
  loginToken(selector: string, token: string): string;
}

function greeting(user: UserDocument): string {
  return user.username !== undefined ? `Hello ${user.username},` : 'Hello,';
}

export function defaultEmailTemplates(): AccountsEmailTemplates {
  const templates: AccountsEmailTemplates = {
    from: 'Accounts Example <no-reply@example.com>',
    siteName: 'Perseid',
    resetPassword: {
      subject: () => `How to reset your password on ${templates.siteName}`,
      text: (user, url) => `${greeting(user)}\n\nTo reset your password, follow this link:\n\n${url}\n\nThanks.\n`,
    },
    verifyEmail: {
      subject: () => `How to verify email address on ${templates.siteName}`,
      text: (user, url) => `${greeting(user)}\n\nTo verify your account email, follow this link:\n\n${url}\n\nThanks.\n`,
    },
    enrollAccount: {
      subject: () => `An account has been created for you on ${templates.siteName}`,
      text: (user, url) => `${greeting(user)}\n\nTo start using the service, follow this link:\n\n${url}\n\nThanks.\n`,
    },
    sendLoginToken: {
      subject: () => `Your login code for ${templates.siteName}`,
      text: (user, url, sequence) =>
        `${greeting(user)}\n\nYour login code is: ${sequence}\n\nOr log in by following this link:\n\n${url}\n\nThe code works once, for a limited time.\n`,
    },
  };
  return templates;
}

export function defaultUrls(rootUrl: string): AccountsUrls {
  const base = rootUrl.endsWith('/') ? rootUrl : `${rootUrl}/`;
  return {
    resetPassword: (token) => `${base}#/reset-password/${token}`,
    verifyEmail: (token) => `${base}#/verify-email/${token}`,
    enrollAccount: (token) => `${base}#/enroll-account/${token}`,
    loginToken: (selector, token) => `${base}?loginToken=${encodeURIComponent(token)}&selector=${encodeURIComponent(selector)}`,
  };
}
