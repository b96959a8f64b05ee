import assert from 'node:assert/strict';
import { createEmail, type EmailRuntime } from './email';
import { startSmtpSink } from './smtp-sink';

function runtime(mailUrl?: string, packageSettings?: unknown, production = false): EmailRuntime & { printed: string[]; warnings: string[] } {
  const printed: string[] = [];
  const warnings: string[] = [];
  return {
    printed,
    warnings,
    mailUrl: () => mailUrl,
    packageSettings: () => packageSettings,
    isProduction: () => production,
    print: (t) => void printed.push(t),
    warn: (t) => void warnings.push(t),
  };
}

describe('meteor/email', function () {
  this.timeout(15_000);
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeEach(async () => {
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await sink.stop();
  });

  it('sendAsync delivers through MAIL_URL to a real SMTP server', async () => {
    const email = createEmail(runtime(`smtp://127.0.0.1:${sink.port}`));
    const arrived = sink.next();
    await email.sendAsync({ from: 'app@example.com', to: 'ann@example.com', subject: 'Hello there', text: 'First line' });
    const mail = await arrived;
    assert.equal(mail.from, '<app@example.com>');
    assert.deepEqual(mail.to, ['<ann@example.com>']);
    assert.match(mail.data, /^Subject: Hello there$/m);
    assert.match(mail.data, /First line/);
  });

  it('settings.packages.email (host, port) is used when MAIL_URL is absent', async () => {
    const email = createEmail(runtime(undefined, { host: '127.0.0.1', port: sink.port }));
    const arrived = sink.next();
    await email.sendAsync({ from: 'app@example.com', to: 'bo@example.com', subject: 'Via settings', text: 'x' });
    assert.match((await arrived).data, /Subject: Via settings/);
  });

  it('without MAIL_URL the message is printed in MIME form, numbered, and not sent', async () => {
    const rt = runtime();
    const email = createEmail(rt);
    await email.sendAsync({ from: 'app@example.com', to: 'ann@example.com', subject: 'Printed', text: 'Body text', html: '<b>Body</b>' });
    await email.sendAsync({ from: 'app@example.com', to: 'ann@example.com', subject: 'Second', text: 'again' });
    assert.equal(rt.printed.length, 2);
    assert.match(rt.printed[0] ?? '', /^====== BEGIN MAIL #1 ======\n/);
    assert.match(rt.printed[0] ?? '', /^Subject: Printed$/m);
    assert.match(rt.printed[0] ?? '', /^To: ann@example\.com$/m);
    assert.match(rt.printed[0] ?? '', /Body text/);
    assert.match(rt.printed[0] ?? '', /====== END MAIL #1 ======\n$/);
    assert.match(rt.printed[1] ?? '', /BEGIN MAIL #2/);
    assert.equal(sink.received.length, 0);
  });

  it('hookSend can cancel a message (false) and stop; customTransport replaces sending', async () => {
    const rt = runtime(`smtp://127.0.0.1:${sink.port}`, { region: 'eu' });
    const email = createEmail(rt);
    const seen: string[] = [];
    const hook = email.hookSend((options) => {
      seen.push(String(options.subject));
      return options.subject !== 'blocked';
    });
    await email.sendAsync({ from: 'a@example.com', to: 'b@example.com', subject: 'blocked', text: 'x' });
    assert.deepEqual(seen, ['blocked']);
    assert.equal(sink.received.length, 0, 'a hook returning false cancels the send');
    hook.stop();
    const custom: unknown[] = [];
    email.customTransport = (options) => void custom.push(options);
    await email.sendAsync({ from: 'a@example.com', to: 'b@example.com', subject: 'custom', text: 'y' });
    assert.deepEqual(custom, [{ from: 'a@example.com', to: 'b@example.com', subject: 'custom', text: 'y', packageSettings: { region: 'eu' } }]);
    const quiet = email.hookSend(() => undefined);
    await email.sendAsync({ from: 'a@example.com', to: 'b@example.com', subject: 'after a hook returning nothing', text: 'z' });
    assert.equal(custom.length, 1, 'a hook must return true for the send to go on');
    quiet.stop();
    assert.deepEqual(seen, ['blocked'], 'a stopped hook is not called');
    assert.equal(sink.received.length, 0);
  });

  it('send starts the delivery and returns at once, warning that sendAsync is the Meteor 3 API', async () => {
    const rt = runtime(`smtp://127.0.0.1:${sink.port}`);
    const email = createEmail(rt);
    const arrived = sink.next();
    assert.equal(email.send({ from: 'a@example.com', to: 'b@example.com', subject: 'fire and forget', text: 'z' }), undefined);
    assert.match((await arrived).data, /Subject: fire and forget/);
    while (rt.warnings.length === 0) await new Promise((r) => setTimeout(r, 5));
    assert.match(rt.warnings[0] ?? '', /Email\.send is deprecated/);
  });

  it('in production, a message with nowhere to go is an error, not printed', async () => {
    const rt = runtime(undefined, undefined, true);
    await assert.rejects(createEmail(rt).sendAsync({ from: 'a@example.com', to: 'b@example.com', subject: 'x', text: 'y' }), { error: 'email.no-mail-url' });
    assert.deepEqual(rt.printed, []);
  });

  it('refuses a header with a line break and a MAIL_URL that is not SMTP, with stable codes', async () => {
    const email = createEmail(runtime('http://example.com'));
    await assert.rejects(email.sendAsync({ from: 'a@example.com', to: 'b@example.com', subject: 'x\r\nBcc: all@example.com', text: 'z' }), {
      error: 'email.bad-header',
    });
    await assert.rejects(email.sendAsync({ from: 'a@example.com', to: 'b@example.com', subject: 'x', text: 'z' }), { error: 'email.bad-mail-url' });
  });
});
