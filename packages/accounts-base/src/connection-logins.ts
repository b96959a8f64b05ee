import type { AccountsConnection } from './server-ports';

interface ConnectionLogin {
  connection: AccountsConnection;
  userId: string;
  hashedToken: string;
  when: Date;
}

/**
 * Which connection is logged in with which token, so removing a token (logout elsewhere,
 * password change, expiry) closes the connections that were using it.
 *
 * Invariant: a connection holds at most one login; `forget` runs on close so closed
 * connections are never retained.
 */
export interface ConnectionLoginsListener {
  /** The user's first connection on this server logged in. */
  userActive(userId: string): void;
  /** The user's last connection on this server logged out or closed. */
  userInactive(userId: string): void;
}

export class ConnectionLogins {
  readonly #byConnection = new Map<string, ConnectionLogin>();
  readonly #byToken = new Map<string, Set<string>>();
  readonly #perUser = new Map<string, number>();
  readonly #listener: ConnectionLoginsListener | undefined;

  constructor(listener?: ConnectionLoginsListener) {
    this.#listener = listener;
  }

  remember(connection: AccountsConnection, userId: string, hashedToken: string, when: Date): void {
    const previous = this.#byConnection.get(connection.id);
    // Count the new login before dropping the old one, so re-logging in as the same user
    // does not stop and restart that user's token watch.
    const count = (this.#perUser.get(userId) ?? 0) + 1;
    this.#perUser.set(userId, count);
    if (count === 1) this.#listener?.userActive(userId);
    if (previous !== undefined) this.#detach(connection.id, previous);
    this.#byConnection.set(connection.id, { connection, userId, hashedToken, when });
    let ids = this.#byToken.get(hashedToken);
    if (ids === undefined) this.#byToken.set(hashedToken, (ids = new Set()));
    ids.add(connection.id);
    if (previous === undefined) connection.onClose(() => this.forget(connection.id));
  }

  forget(connectionId: string): ConnectionLogin | undefined {
    const login = this.#byConnection.get(connectionId);
    if (login !== undefined) this.#detach(connectionId, login);
    return login;
  }

  #detach(connectionId: string, login: ConnectionLogin): void {
    this.#byConnection.delete(connectionId);
    const ids = this.#byToken.get(login.hashedToken);
    ids?.delete(connectionId);
    if (ids?.size === 0) this.#byToken.delete(login.hashedToken);
    const count = (this.#perUser.get(login.userId) ?? 1) - 1;
    if (count > 0) this.#perUser.set(login.userId, count);
    else {
      this.#perUser.delete(login.userId);
      this.#listener?.userInactive(login.userId);
    }
  }

  tokenOf(connectionId: string): string | undefined {
    return this.#byConnection.get(connectionId)?.hashedToken;
  }

  /** Closes every connection logged in with one of these tokens (except `keep`). */
  closeConnectionsUsing(hashedTokens: Iterable<string>, keep?: string): number {
    let closed = 0;
    for (const hashedToken of hashedTokens) {
      for (const connectionId of [...(this.#byToken.get(hashedToken) ?? [])]) {
        if (connectionId === keep) continue;
        const login = this.forget(connectionId);
        login?.connection.close();
        closed++;
      }
    }
    return closed;
  }

  /** Closes connections whose token was issued before `cutoff` (expired by age). */
  closeConnectionsIssuedBefore(cutoff: Date): number {
    const stale = new Set<string>();
    for (const login of this.#byConnection.values()) {
      if (login.when.getTime() < cutoff.getTime()) stale.add(login.hashedToken);
    }
    return this.closeConnectionsUsing(stale);
  }

  /** Closes all of the user's connections on this server. */
  closeUserConnections(userId: string): number {
    const tokens = new Set<string>();
    for (const login of this.#byConnection.values()) if (login.userId === userId) tokens.add(login.hashedToken);
    return this.closeConnectionsUsing(tokens);
  }

  /** Closes the user's connections whose token is not in `liveTokens`. */
  closeUserConnectionsExcept(userId: string, liveTokens: ReadonlySet<string>, keep?: string): number {
    const stale: string[] = [];
    for (const login of this.#byConnection.values()) {
      if (login.userId === userId && !liveTokens.has(login.hashedToken)) stale.push(login.hashedToken);
    }
    return this.closeConnectionsUsing(new Set(stale), keep);
  }
}
