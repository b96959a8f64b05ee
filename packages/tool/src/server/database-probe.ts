import { connect } from 'node:net';
import type { DatabaseProbe, DatabaseState } from '@perseid/webapp';

/**
 * The default health probe: whether the host in MONGO_URL accepts TCP connections. It knows
 * nothing of the wire protocol (only the mongo package and minimongod do); the mongo package
 * may install a deeper probe with `WebApp.setDatabaseProbe`.
 */
export function tcpDatabaseProbe(mongoUrl: string | undefined, timeoutMs = 1000): DatabaseProbe {
  return () => {
    if (mongoUrl === undefined || mongoUrl === '') return Promise.resolve<DatabaseState>('not-configured');
    const target = firstHost(mongoUrl);
    if (target === undefined) return Promise.resolve<DatabaseState>('unknown');
    return new Promise<DatabaseState>((resolve) => {
      const socket = connect({ host: target.host, port: target.port });
      const done = (state: DatabaseState): void => {
        socket.destroy();
        resolve(state);
      };
      socket.setTimeout(timeoutMs, () => done('unreachable'));
      socket.once('connect', () => done('connected'));
      socket.once('error', () => done('unreachable'));
    });
  };
}

function firstHost(url: string): { host: string; port: number } | undefined {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^,/?:]+)(?::(\d+))?/.exec(url);
  if (m === null || m[1] === undefined) return undefined;
  return { host: m[1], port: m[2] === undefined ? 27017 : Number(m[2]) };
}
