import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import express from 'express';
import { hashLoginToken } from './login-token';
import { loginTokenMiddleware } from './login-token-middleware';
import type { UserDocument } from './user-document';

const token = 'T'.repeat(43);
const user: UserDocument = {
  _id: 'u1',
  createdAt: new Date(),
  username: 'ann',
  services: { resume: { loginTokens: [{ hashedToken: hashLoginToken(token), when: new Date() }] } },
};
const resolver = {
  async userForLoginToken(raw: unknown) {
    return typeof raw === 'string' && hashLoginToken(raw) === user.services?.resume?.loginTokens?.[0]?.hashedToken ? user : null;
  },
};

async function serve(required: boolean): Promise<{ url: string; server: Server }> {
  const app = express();
  app.get('/whoami', loginTokenMiddleware(resolver, { required }), (_req, res) => {
    res.json(res.locals.login);
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`, server };
}

describe('loginTokenMiddleware', () => {
  const servers: Server[] = [];
  after(async () => {
    for (const s of servers) await new Promise((resolve) => s.close(resolve));
  });

  it('identifies the user from the login-token header, without services', async () => {
    const { url, server } = await serve(false);
    servers.push(server);
    const res = await fetch(`${url}/whoami`, { headers: { 'x-login-token': token } });
    const body = (await res.json()) as { userId: string; user: Record<string, unknown> };
    assert.equal(body.userId, 'u1');
    assert.equal(body.user.username, 'ann');
    assert.equal('services' in body.user, false);
    const bearer = await fetch(`${url}/whoami`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(((await bearer.json()) as { userId: string }).userId, 'u1');
  });

  it('passes anonymous requests on with userId null, or refuses them when a login is required', async () => {
    const open = await serve(false);
    const closed = await serve(true);
    servers.push(open.server, closed.server);
    const anon = await fetch(`${open.url}/whoami`, { headers: { 'x-login-token': 'wrong-token-wrong-token-wrong' } });
    assert.deepEqual(await anon.json(), { userId: null, user: null });
    const refused = await fetch(`${closed.url}/whoami`);
    assert.equal(refused.status, 401);
  });
});
