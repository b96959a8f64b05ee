import { createTransport } from 'nodemailer';

export interface EmailMessage {
  to: string;
  from: string;
  subject: string;
  text: string;
  html?: string;
}

export interface EmailSender {
  sendAsync(message: EmailMessage): Promise<void>;
  /** Closes pooled SMTP connections; safe to call twice. */
  close(): void;
}

export interface EmailSenderOptions {
  /** `smtp://` / `smtps://` URL; absent: print messages instead of sending, as Meteor does in development. */
  mailUrl?: string | undefined;
  /** Where printed messages go (injectable for tests). */
  print?: (text: string) => void;
}

function checkMessage(message: EmailMessage): void {
  for (const field of ['to', 'from', 'subject', 'text'] as const) {
    if (typeof message[field] !== 'string' || message[field].length === 0) {
      throw new TypeError(`Email: "${field}" must be a non-empty string`);
    }
  }
  // Header injection: a newline in an address or subject would let a caller add headers.
  for (const field of ['to', 'from', 'subject'] as const) {
    if (/[\r\n]/.test(message[field])) throw new TypeError(`Email: "${field}" must not contain line breaks`);
  }
}

export function createEmailSender(options: EmailSenderOptions = {}): EmailSender {
  const mailUrl = options.mailUrl;
  if (mailUrl === undefined || mailUrl === '') {
    const print = options.print ?? ((text: string) => console.log(text));
    return {
      async sendAsync(message) {
        checkMessage(message);
        print(
          [
            '====== BEGIN MAIL ======',
            `From: ${message.from}`,
            `To: ${message.to}`,
            `Subject: ${message.subject}`,
            '',
            message.text,
            '====== END MAIL ======',
          ].join('\n'),
        );
      },
      close() {},
    };
  }
  if (!/^smtps?:\/\//.test(mailUrl)) throw new TypeError('MAIL_URL must be an smtp:// or smtps:// URL');
  const transport = createTransport(mailUrl);
  let closed = false;
  return {
    async sendAsync(message) {
      checkMessage(message);
      await transport.sendMail(message);
    },
    close() {
      if (closed) return;
      closed = true;
      transport.close();
    },
  };
}
