/**
 * `meteor/force-ssl-common`: how force-ssl tells a request that must move to HTTPS. A request is
 * local when it reached the server over loopback and every proxy it names (`X-Forwarded-For`,
 * `Forwarded: for=`) saw it over loopback too; it is secure when it came over TLS or a proxy
 * says it did (`X-Forwarded-Proto`, `Forwarded: proto=`). As in Meteor, the proxy headers are
 * believed: the app runs behind the proxy that sets them.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

const LOOPBACK = /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/;

/** One header's value, a repeated header joined as Node joins them. */
function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** The `for=` or `proto=` values of a `Forwarded` header (RFC 7239), quotes removed. */
function forwardedParams(req: IncomingMessage, param: 'for' | 'proto'): string[] {
  const values: string[] = [];
  for (const element of header(req, 'forwarded').split(/[,;]/)) {
    const [key, value] = element.split('=', 2);
    if (key?.trim().toLowerCase() === param && value !== undefined) values.push(value.trim().replace(/^"|"$/g, ''));
  }
  return values;
}

/** An address as a proxy wrote it, without brackets or port (`[::1]:4711` → `::1`, `127.0.0.1:80` → `127.0.0.1`). */
function bareAddress(address: string): string {
  const trimmed = address.trim();
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(trimmed);
  if (bracketed !== null) return bracketed[1] ?? '';
  return /^[\d.]+:\d+$/.test(trimmed) ? trimmed.replace(/:\d+$/, '') : trimmed;
}

export function isLocalConnection(req: IncomingMessage): boolean {
  const remote = req.socket.remoteAddress;
  if (remote === undefined || !LOOPBACK.test(remote)) return false;
  const proxied = [...header(req, 'x-forwarded-for').split(','), ...forwardedParams(req, 'for')].filter((a) => a.trim() !== '');
  return proxied.every((address) => LOOPBACK.test(bareAddress(address)));
}

export function isSslConnection(req: IncomingMessage): boolean {
  if ((req.socket as Partial<TLSSocket>).encrypted === true) return true;
  const protos = [...header(req, 'x-forwarded-proto').split(','), ...forwardedParams(req, 'proto')];
  return protos.some((proto) => proto.trim().toLowerCase().includes('https'));
}
