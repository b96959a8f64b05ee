import type { Document } from 'bson';
import { isPlainDocument } from './bson-value';
import { CommandError } from './errors';

/**
 * Resume tokens: `{ _data: "82" + 16 hex digits of the clusterTime (t << 32 | i) + kind }`.
 * The prefix matches real MongoDB's KeyString tokens so the runtime can read a token's time
 * from either server; the kind byte tells events, high-water marks and invalidates apart.
 */
export type TokenKind = 'highWater' | 'event' | 'invalidate';

const KIND_HEX: Record<TokenKind, string> = { highWater: '00', event: '01', invalidate: '03' };

export function makeToken(ts: bigint, kind: TokenKind): { _data: string } {
  return { _data: `82${ts.toString(16).padStart(16, '0')}${KIND_HEX[kind]}` };
}

export interface ParsedToken {
  readonly ts: bigint;
  readonly kind: TokenKind;
}

export function parseToken(raw: unknown, field: string): ParsedToken {
  const data = isPlainDocument(raw) ? (raw as Document)['_data'] : undefined;
  if (typeof data !== 'string' || !/^82[0-9a-fA-F]{16}(0[013])$/.test(data)) {
    throw new CommandError('InvalidResumeToken', `${field} is not a resume token issued by this server`);
  }
  const ts = BigInt(`0x${data.slice(2, 18)}`);
  const kindHex = data.slice(18);
  const kind: TokenKind = kindHex === '01' ? 'event' : kindHex === '03' ? 'invalidate' : 'highWater';
  return { ts, kind };
}
