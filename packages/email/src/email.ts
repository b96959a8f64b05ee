import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { Meteor } from '@perseid/meteor-core';

/** Meteor's `Email.sendAsync` options (nodemailer's message fields). */
export interface EmailOptions {
  from?: string;
  to?: string | string[];
  cc?: string | string[];
  bcc?: string | string[];
  replyTo?: string | string[];
  subject?: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: Record<string, unknown>[];
  inReplyTo?: string;
  references?: string | string[];
  messageId?: string;
  [key: string]: unknown;
}

/** Meteor's hookSend: a hook returns true to go on; anything falsy cancels the send. */
export type EmailHook = (options: EmailOptions) => unknown;

/** Replaces sending altogether; gets the options plus `packageSettings` (settings.packages.email). */
export type CustomTransport = (options: EmailOptions & { packageSettings: unknown }) => unknown;

export interface EmailApi {
  sendAsync(options: EmailOptions): Promise<void>;
  /** Meteor 3 keeps `send` for old code: it starts `sendAsync` and returns at once. */
  send(options: EmailOptions): void;
  hookSend(hook: EmailHook): { stop(): void };
  customTransport: CustomTransport | undefined;
}

/** Where the mailer reads its configuration and writes unsent mail (injectable for tests). */
export interface EmailRuntime {
  mailUrl(): string | undefined;
  packageSettings(): unknown;
  /** Production refuses to print mail it cannot send (Meteor's rule). */
  isProduction(): boolean;
  print(text: string): void;
  warn(text: string): void;
}

const processRuntime: EmailRuntime = {
  mailUrl: () => process.env['MAIL_URL'],
  packageSettings: () => {
    const packages = (Meteor.settings as { packages?: Record<string, unknown> } | undefined)?.packages;
    return packages?.['email'];
  },
  isProduction: () => Meteor.isProduction,
  print: (text) => void process.stdout.write(text),
  warn: (text) => console.warn(text),
};

type TransportState = { kind: 'none' } | { kind: 'open'; key: string; transport: Transporter };

const MAIL_URL_SCHEMES = /^smtps?:\/\//;

/** nodemailer options for `settings.packages.email` (`service` + `user`/`password`, or `host`/`port`). */
function settingsTransportOptions(settings: unknown): Record<string, unknown> | undefined {
  if (typeof settings !== 'object' || settings === null) return undefined;
  const s = settings as Record<string, unknown>;
  const auth = typeof s['user'] === 'string' ? { auth: { user: s['user'], pass: s['password'] } } : {};
  if (typeof s['service'] === 'string') return { service: s['service'], ...auth };
  if (typeof s['host'] === 'string') return { host: s['host'], port: s['port'], secure: s['secure'] === true, ...auth };
  return undefined;
}

/**
 * Meteor's `email` package over nodemailer: the send hooks, then `customTransport`, then SMTP
 * through MAIL_URL (or `settings.packages.email`); with neither, the message is printed to
 * stdout in MIME form, numbered, as Meteor does in development (production refuses).
 */
export function createEmail(runtime: EmailRuntime = processRuntime): EmailApi {
  const hooks: EmailHook[] = [];
  let transport: TransportState = { kind: 'none' };
  let printed = 0;

  function transportFor(mailUrl: string | undefined, settings: unknown): Transporter | undefined {
    let key: string;
    let options: string | Record<string, unknown>;
    if (mailUrl !== undefined && mailUrl !== '') {
      if (!MAIL_URL_SCHEMES.test(mailUrl)) throw new Meteor.Error('email.bad-mail-url', 'MAIL_URL must be an smtp:// or smtps:// URL');
      key = mailUrl;
      options = mailUrl;
    } else {
      const fromSettings = settingsTransportOptions(settings);
      if (fromSettings === undefined) return undefined;
      key = JSON.stringify(fromSettings);
      options = fromSettings;
    }
    if (transport.kind === 'open' && transport.key === key) return transport.transport;
    if (transport.kind === 'open') transport.transport.close();
    transport = { kind: 'open', key, transport: createTransport(options as never) };
    return transport.transport;
  }

  async function printMessage(options: EmailOptions): Promise<void> {
    printed += 1;
    const number = printed;
    // nodemailer's stream transport composes the MIME message without sending it.
    const composed = await createTransport({ streamTransport: true, buffer: true, newline: 'unix' }).sendMail(options);
    const message = (composed as { message: Buffer }).message.toString('utf8');
    runtime.print(`====== BEGIN MAIL #${number} ======\n(Not sent: set MAIL_URL to send mail.)\n${message}\n====== END MAIL #${number} ======\n`);
  }

  const api: EmailApi = {
    customTransport: undefined,
    async sendAsync(options) {
      if (typeof options !== 'object' || options === null) throw new Meteor.Error('email.bad-options', 'Email.sendAsync needs an options object');
      for (const field of ['from', 'subject'] as const) {
        const value = options[field];
        // A line break in a header value would let a caller add headers of their own.
        if (typeof value === 'string' && /[\r\n]/.test(value)) throw new Meteor.Error('email.bad-header', `Email: "${field}" must not contain line breaks`);
      }
      for (const hook of [...hooks]) {
        if (!(await hook(options))) return;
      }
      const settings = runtime.packageSettings();
      if (api.customTransport !== undefined) {
        await api.customTransport({ packageSettings: settings ?? {}, ...options });
        return;
      }
      const smtp = transportFor(runtime.mailUrl(), settings);
      if (smtp === undefined) {
        if (runtime.isProduction())
          throw new Meteor.Error('email.no-mail-url', 'Email: no MAIL_URL (or settings.packages.email) is set, so mail cannot be sent in production');
        await printMessage(options);
        return;
      }
      await smtp.sendMail(options);
    },
    send(options) {
      api.sendAsync(options).then(
        () => runtime.warn('Email.send is deprecated in Meteor 3: use await Email.sendAsync()'),
        (error: unknown) =>
          runtime.warn(`Email.send failed (use await Email.sendAsync() to handle errors): ${error instanceof Error ? error.message : String(error)}`),
      );
    },
    hookSend(hook) {
      if (typeof hook !== 'function') throw new TypeError('Email.hookSend needs a function');
      hooks.push(hook);
      return {
        stop() {
          const index = hooks.indexOf(hook);
          if (index !== -1) hooks.splice(index, 1);
        },
      };
    },
  };
  return api;
}

/** The process's `Email` (`import { Email } from 'meteor/email'`). */
export const Email: EmailApi = createEmail();
