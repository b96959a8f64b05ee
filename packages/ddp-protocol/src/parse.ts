import { jsonTextExceedsDepth } from '@perseid/ejson';
import { clientMessageSchemas, type ClientMessage } from './client-message';
import { offendingMessageOf } from './offending-message';
import type { MessageResult, MessageSchema, Shape } from './schema';
import { serverMessageSchemas, type ServerMessage } from './server-message';

/**
 * Why a frame was rejected. `no-msg` is an object without `msg` (the server's optional
 * `{server_id}` frame, which clients ignore); the others deserve a protocol `error`.
 */
export type ParseFailureCode = 'parse-error' | 'too-deep' | 'not-an-object' | 'no-msg' | 'unknown-msg' | 'malformed';

/**
 * How many levels of arrays and objects a DDP frame may nest (the frame itself is one). Room for
 * the deepest MongoDB document (100 levels) inside any message, and shallow enough that every
 * recursive walk a frame's values meet later (EJSON, check, schema cleaning, the mergebox) stays
 * far from the stack limit. Checked on the text, before anything is built.
 */
export const MAX_DDP_DEPTH = 128;

export interface ParseFailure {
  readonly ok: false;
  readonly code: ParseFailureCode;
  /** Human-readable reason, suitable for the `reason` of a protocol `error`. */
  readonly reason: string;
  /**
   * The JSON object as received when the frame parsed as one, bounded for echoing as
   * `offendingMessage` (see offending-message.ts).
   */
  readonly offendingMessage?: Record<string, unknown>;
}

export type ParseResult<T> = { readonly ok: true; readonly message: T } | ParseFailure;

type SchemaTable = Readonly<Record<string, MessageSchema<string, Shape>>>;

const TOO_DEEP: ParseFailure = { ok: false, code: 'too-deep', reason: `Bad request: nested deeper than ${MAX_DDP_DEPTH} levels` };

function parseWith<T>(raw: unknown, table: SchemaTable): ParseResult<T> {
  let value: unknown = raw;
  let frameChars = Infinity;
  if (typeof raw === 'string') {
    if (jsonTextExceedsDepth(raw, MAX_DDP_DEPTH)) return TOO_DEEP;
    frameChars = raw.length;
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, code: 'parse-error', reason: 'Parse error' };
    }
  } else if (valueExceedsDepth(raw, MAX_DDP_DEPTH)) {
    return TOO_DEEP;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'not-an-object', reason: 'Bad request: a DDP message must be a JSON object' };
  }
  const object = value as Record<string, unknown>;
  const tag = object['msg'];
  if (tag === undefined) return failure('no-msg', 'Bad request: missing msg', object, frameChars);
  const schema = typeof tag === 'string' && Object.hasOwn(table, tag) ? table[tag] : undefined;
  if (schema === undefined) return failure('unknown-msg', 'Bad request: unknown msg', object, frameChars);
  const result: MessageResult<unknown> = schema.decode(object);
  if (!result.ok) return failure('malformed', `Malformed ${schema.msg}: ${result.reason}`, object, frameChars);
  return { ok: true, message: result.message as T };
}

function failure(code: ParseFailureCode, reason: string, object: Record<string, unknown>, frameChars: number): ParseFailure {
  return { ok: false, code, reason, offendingMessage: offendingMessageOf(object, frameChars) };
}

/** Depth check for an already-built value (callers that parsed the JSON themselves); no recursion. */
function valueExceedsDepth(root: unknown, maxDepth: number): boolean {
  const pending: Array<[unknown, number]> = [[root, 0]];
  // A shared object is walked again only when met deeper; a cycle is deeper than any limit.
  const deepestSeen = new Map<object, number>();
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const [value, depth] = entry;
    if (typeof value !== 'object' || value === null || (deepestSeen.get(value) ?? -1) >= depth) continue;
    if (depth >= maxDepth) return true;
    deepestSeen.set(value, depth);
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return false;
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
