import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createEmailSender } from './email-sender';

const message = { to: 'ann@example.com', from: 'perseid@example.com', subject: 'Hello', text: 'Reset: https://x/#/reset-password/abc' };

/** A minimal SMTP server that records DATA payloads: enough for nodemailer's plain SMTP. */
function startSmtp(): Promise<{ server: Server; port: number; received: string[]; sockets: Set<Socket> }> {
  const received: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let inData = false;
    let data = '';
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(data);
            data = '';
            socket.write('250 OK\r\n');
          } else data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go\r\n');
        } else if (verb === 'QUIT') {
          socket.write('221 bye\r\n');
          socket.end();
        } else socket.write('250 OK\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0, received, sockets });
    }),
  );
}

describe('email sender', () => {
  it('prints the message when no MAIL_URL is set', async () => {
    const printed: string[] = [];
    const sender = createEmailSender({ print: (t) => printed.push(t) });
    await sender.sendAsync(message);
    assert.equal(printed.length, 1);
    assert.match(printed[0] ?? '', /To: ann@example.com[\s\S]*reset-password\/abc/);
    sender.close();
    sender.close();
  });

  it('delivers over SMTP when MAIL_URL is set', async () => {
    const smtp = await startSmtp();
    const sender = createEmailSender({ mailUrl: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true` });
    try {
      await sender.sendAsync(message);
      assert.equal(smtp.received.length, 1);
      assert.match(smtp.received[0] ?? '', /Subject: Hello/);
    } finally {
      sender.close();
      for (const socket of smtp.sockets) socket.destroy();
      await new Promise((resolve) => smtp.server.close(resolve));
    }
  });

  it('refuses bad messages and bad URLs with clear errors', async () => {
    const sender = createEmailSender({ print: () => {} });
    await assert.rejects(sender.sendAsync({ ...message, to: '' }), /"to" must be a non-empty string/);
    await assert.rejects(sender.sendAsync({ ...message, subject: 'x\r\nBcc: evil@example.com' }), /line breaks/);
    assert.throws(() => createEmailSender({ mailUrl: 'http://mail' }), /smtp/);
  });
});
