/**
 * A tiny structural schema language for DDP messages.
 *
 * Every message file declares its fields once with these builders; the same declaration
 * gives the static type (`InferMessage`), the runtime validation of frames read off a socket,
 * the EJSON encoding of value positions when a message is written, and the canonical text
 * that the protocol-version test hashes. Unknown fields are dropped, as DDP.md requires peers
 * to ignore them.
 */
import { EJSON } from '@perseid/ejson';

/** Outcome of checking one field value. */
export type FieldResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** One field of a message: how to read it off the wire, how to write it, and how to describe it. */
export interface Field<T, Optional extends boolean = boolean> {
  readonly optional: Optional;
  /** Canonical description, part of the protocol schema hash. */
  readonly description: string;
  decode(raw: unknown): FieldResult<T>;
  encode(value: T): unknown;
}

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const bad = (reason: string): FieldResult<never> => ({ ok: false, reason });

const identity = <T>(value: T): unknown => value;

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function field<T>(description: string, decode: (raw: unknown) => FieldResult<T>, encode: (value: T) => unknown = identity): Field<T, false> {
  return { optional: false, description, decode, encode };
}

function decodeEjson(raw: unknown): FieldResult<unknown> {
  try {
    return ok(EJSON.fromJSONValue(raw));
  } catch (error) {
    return bad(`invalid EJSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Field builders. `ejson*` fields are EJSON-decoded on read and EJSON-encoded on write. */
export const f = {
  string: field<string>('string', (raw) => (typeof raw === 'string' ? ok(raw) : bad('must be a string'))),
  stringOrNull: field<string | null>('string|null', (raw) => (typeof raw === 'string' || raw === null ? ok(raw) : bad('must be a string or null'))),
  /** A count on the wire: a non-negative safe integer. */
  count: field<number>('count', (raw) => (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0 ? ok(raw) : bad('must be a non-negative integer'))),
  stringArray: field<string[]>('string[]', (raw) =>
    Array.isArray(raw) && raw.every((item) => typeof item === 'string') ? ok(raw as string[]) : bad('must be an array of strings'),
  ),
  /** Any JSON value, passed through untouched (e.g. `randomSeed`). */
  json: field<unknown>('json', (raw) => (raw === undefined ? bad('must be present') : ok(raw))),
  /** Any EJSON value (e.g. a method `result`). */
  ejson: field<unknown>('ejson', decodeEjson, (value) => EJSON.toJSONValue(value)),
  /** An array of EJSON values (`params`). */
  ejsonArray: field<unknown[]>(
    'ejson[]',
    (raw) => {
      if (!Array.isArray(raw)) return bad('must be an array');
      const decoded = decodeEjson(raw);
      return decoded.ok ? ok(decoded.value as unknown[]) : decoded;
    },
    (value) => EJSON.toJSONValue(value),
  ),
  /** An object whose values are EJSON (`fields`). */
  ejsonObject: field<Record<string, unknown>>(
    'ejson{}',
    (raw) => {
      if (!isPlainObject(raw)) return bad('must be an object');
      const decoded = decodeEjson(raw);
      return decoded.ok ? ok(decoded.value as Record<string, unknown>) : decoded;
    },
    (value) => EJSON.toJSONValue(value),
  ),
  /** A DDP Error object (`result.error`, `nosub.error`); `details` is EJSON. */
  error: field<DdpErrorObject>(
    'error{error:string|number,reason?,message?,errorType?,details?}',
    (raw) => {
      if (!isPlainObject(raw)) return bad('must be an object');
      const code = raw['error'];
      if (typeof code !== 'string' && typeof code !== 'number') return bad('error.error must be a string or number');
      const out: DdpErrorObject = { error: code };
      for (const key of ['reason', 'message', 'errorType'] as const) {
        const value = raw[key];
        if (value === undefined) continue;
        if (typeof value !== 'string') return bad(`error.${key} must be a string`);
        out[key] = value;
      }
      if (raw['details'] !== undefined) {
        const details = decodeEjson(raw['details']);
        if (!details.ok) return details;
        out.details = details.value;
      }
      return ok(out);
    },
    (value) => (value.details === undefined ? value : { ...value, details: EJSON.toJSONValue(value.details) }),
  ),
  optional<T>(inner: Field<T, false>): Field<T, true> {
    return { ...inner, optional: true, description: `${inner.description}?` };
  },
} as const;

/**
 * The error object DDP carries in `result` and `nosub` (DDP.md "Errors"). `error` is a string
 * code (numbers are accepted for pre1/pre2 peers, see DDP.md appendix 3).
 */
export interface DdpErrorObject {
  error: string | number;
  reason?: string;
  message?: string;
  errorType?: string;
  details?: unknown;
}

// `decode`/`encode` are declared as methods, so a Field<string> is assignable to Field<unknown>.
type AnyField = Field<unknown, boolean>;
/** The fields of one message. */
export type Shape = Readonly<Record<string, AnyField>>;

type FieldType<F> = F extends Field<infer T, boolean> ? T : never;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Field<unknown, true> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Field<unknown, true> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The static type a message schema describes. */
export type InferMessage<M extends string, S extends Shape> = Simplify<
  { msg: M } & { [K in RequiredKeys<S>]: FieldType<S[K]> } & { [K in OptionalKeys<S>]?: FieldType<S[K]> }
>;

/** Outcome of checking one message against its schema. */
export type MessageResult<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly reason: string };

/** A DDP message schema: the `msg` tag plus its fields. */
export interface MessageSchema<M extends string, S extends Shape> {
  readonly msg: M;
  readonly shape: S;
  /** Validates an already JSON-parsed object whose `msg` is this schema's tag. */
  decode(raw: Record<string, unknown>): MessageResult<InferMessage<M, S>>;
  /** Turns a typed message into a JSON-ready object (EJSON value positions encoded). */
  encode(message: InferMessage<M, S>): Record<string, unknown>;
  /** Canonical text of this schema, hashed by the protocol-version test. */
  readonly description: string;
}

/** Declares one DDP message. */
export function messageSchema<M extends string, S extends Shape>(msg: M, shape: S): MessageSchema<M, S> {
  const entries = Object.entries(shape) as Array<[string, AnyField]>;
  return {
    msg,
    shape,
    description: `${msg}{${entries.map(([key, spec]) => `${key}:${spec.description}`).join(',')}}`,
    decode(raw) {
      const out: Record<string, unknown> = { msg };
      for (const [key, spec] of entries) {
        const value = raw[key];
        if (value === undefined) {
          if (spec.optional) continue;
          return { ok: false, reason: `${msg}.${key} is required` };
        }
        const result = spec.decode(value);
        if (!result.ok) return { ok: false, reason: `${msg}.${key} ${result.reason}` };
        out[key] = result.value;
      }
      return { ok: true, message: out as InferMessage<M, S> };
    },
    encode(message) {
      const source = message as Record<string, unknown>;
      const out: Record<string, unknown> = { msg };
      for (const [key, spec] of entries) {
        const value = source[key];
        if (value === undefined) continue;
        out[key] = spec.encode(value);
      }
      return out;
    },
  };
}
