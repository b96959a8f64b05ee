import { clientMessageSchemas, type ClientMessage } from './client-message';
import type { MessageResult, MessageSchema, Shape } from './schema';
import { serverMessageSchemas, type ServerMessage } from './server-message';

/**
 * Why a frame was rejected. `no-msg` is an object without `msg` (the server's optional
 * `{server_id}` frame, which clients ignore); the others deserve a protocol `error`.
 */
export type ParseFailureCode = 'parse-error' | 'not-an-object' | 'no-msg' | 'unknown-msg' | 'malformed';

export interface ParseFailure {
  readonly ok: false;
  readonly code: ParseFailureCode;
  /** Human-readable reason, suitable for the `reason` of a protocol `error`. */
  readonly reason: string;
  /** The JSON object as received, when the frame parsed as one (for `offendingMessage`). */
  readonly offendingMessage?: Record<string, unknown>;
}

export type ParseResult<T> = { readonly ok: true; readonly message: T } | ParseFailure;

type SchemaTable = Readonly<Record<string, MessageSchema<string, Shape>>>;

function parseWith<T>(raw: unknown, table: SchemaTable): ParseResult<T> {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, code: 'parse-error', reason: 'Parse error' };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'not-an-object', reason: 'Bad request: a DDP message must be a JSON object' };
  }
  const object = value as Record<string, unknown>;
  const tag = object['msg'];
  if (tag === undefined) return { ok: false, code: 'no-msg', reason: 'Bad request: missing msg', offendingMessage: object };
  const schema = typeof tag === 'string' && Object.hasOwn(table, tag) ? table[tag] : undefined;
  if (schema === undefined) {
    return { ok: false, code: 'unknown-msg', reason: 'Bad request: unknown msg', offendingMessage: object };
  }
  const result: MessageResult<unknown> = schema.decode(object);
  if (!result.ok) return { ok: false, code: 'malformed', reason: `Malformed ${schema.msg}: ${result.reason}`, offendingMessage: object };
  return { ok: true, message: result.message as T };
}

/**
 * Types one client→server frame: a string is JSON-parsed, then checked structurally with EJSON
 * value positions decoded. Unknown fields are dropped. Never throws.
 */
export function parseClientMessage(raw: unknown): ParseResult<ClientMessage> {
  return parseWith<ClientMessage>(raw, clientMessageSchemas);
}

/** Types one server→client frame; see `parseClientMessage`. Never throws. */
export function parseServerMessage(raw: unknown): ParseResult<ServerMessage> {
  return parseWith<ServerMessage>(raw, serverMessageSchemas);
}
