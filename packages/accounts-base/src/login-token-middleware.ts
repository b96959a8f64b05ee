import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { toPublicUser } from './user-document';
import type { PublicUser, UserDocument } from './user-document';

export interface LoginTokenResolver {
  userForLoginToken(rawToken: unknown): Promise<UserDocument | null>;
}

export interface LoginTokenMiddlewareOptions {
  /** Header carrying the raw login token; `Authorization: Bearer <token>` is also accepted. */
  header?: string;
  /** Answer 401 to requests without a valid token instead of passing them on anonymously. */
  required?: boolean;
}

/** What the middleware leaves on `res.locals` for later handlers. */
export interface RequestLogin {
  userId: string | null;
  user: PublicUser | null;
}

function tokenFrom(req: Request, header: string): string | undefined {
  const direct = req.headers[header];
  if (typeof direct === 'string' && direct.length > 0) return direct;
  const authorization = req.headers.authorization;
  const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1];
}

/**
 * Express middleware authenticating a request by the same login token a DDP connection uses
 * (hashed the same way and checked for expiry). It sets `res.locals.login` ({ userId, user });
 * the user never carries `services`.
 */
export function loginTokenMiddleware(accounts: LoginTokenResolver, options: LoginTokenMiddlewareOptions = {}): RequestHandler {
  const header = (options.header ?? 'x-login-token').toLowerCase();
  const required = options.required ?? false;
  return (req: Request, res: Response, next: NextFunction) => {
    const token = tokenFrom(req, header);
    const resolve = token === undefined ? Promise.resolve(null) : accounts.userForLoginToken(token);
    resolve.then(
      (user) => {
        if (user === null && required) {
          res.status(401).json({ error: 401, reason: 'You must be logged in' });
          return;
        }
        const login: RequestLogin = user === null ? { userId: null, user: null } : { userId: user._id, user: toPublicUser(user) };
        res.locals.login = login;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
