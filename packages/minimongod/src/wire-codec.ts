import { deserialize, serialize, type Document } from 'bson';
import { CommandError, type ErrorCodeName } from './errors';
import { MAX_BSON_DEPTH, scanBsonDepth } from './nesting-depth';

/**
 * MongoDB wire framing. Requests are parsed from `Buffer` (unknown bytes) into a typed
 * `WireRequest` by `parseWireMessage`, the only place that trusts byte offsets.
 */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

export const HEADER_SIZE = 16;
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
/** Commands may exceed the user-document limit by this much (MongoDB's internal allowance). */
const COMMAND_OBJECT_ALLOWANCE = 16 * 1024;

const FLAG_CHECKSUM = 0x1;
const FLAG_MORE_TO_COME = 0x2;
const FLAG_EXHAUST_ALLOWED = 0x10000;
const KNOWN_FLAGS = FLAG_CHECKSUM | FLAG_MORE_TO_COME | FLAG_EXHAUST_ALLOWED;

/** Decoding keeps int64 as Long so values round-trip with their type. */
const DESERIALIZE_OPTIONS = { promoteLongs: false, promoteValues: true, promoteBuffers: false, bsonRegExp: false, validation: { utf8: false } } as const;

export type WireRequest =
  | { readonly kind: 'query'; readonly requestId: number; readonly collection: string; readonly query: Document }
  | { readonly kind: 'msg'; readonly requestId: number; readonly moreToCome: boolean; readonly body: Document };

export type WireParseResult =
  | { readonly ok: true; readonly request: WireRequest }
  /**
   * `requestId` null: no reply may be sent. `fatal`: the stream can no longer be trusted; close it.
   * `codeName`: the catalogue error the reply carries (FailedToParse unless the decoder named one).
   */
  | {
      readonly ok: false;
      readonly reason: string;
      readonly requestId: number | null;
      readonly fatal: boolean;
      readonly opCode?: number;
      readonly codeName?: ErrorCodeName;
    };

export interface MessageHeader {
  readonly length: number;
  readonly requestId: number;
  readonly responseTo: number;
  readonly opCode: number;
}

export function readHeader(buf: Buffer): MessageHeader {
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  };
}

function readBsonAt(buf: Buffer, offset: number, end: number): { doc: Document; next: number } {
  if (offset + 5 > end) throw new Error('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new Error(`BSON document length ${size} does not fit the message`);
  if (size > MAX_BSON_OBJECT_SIZE + COMMAND_OBJECT_ALLOWANCE) throw new Error(`BSON document of ${size} bytes exceeds the limit`);
  // The decoder recurses once per level: depth is bounded before it sees the bytes.
  if (scanBsonDepth(buf, offset, offset + size, MAX_BSON_DEPTH).kind === 'too-deep') {
    throw new CommandError('Overflow', `BSONObj exceeds maximum nested object depth of ${MAX_BSON_DEPTH}`);
  }
  const doc = deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  return { doc, next: offset + size };
}

function readCString(buf: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buf.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new Error('unterminated C string');
  return { value: buf.toString('utf8', offset, zero), next: zero + 1 };
}

/** Parse one complete message (header included). Never throws. */
export function parseWireMessage(buf: Buffer): WireParseResult {
  if (buf.length < HEADER_SIZE) return { ok: false, reason: 'message shorter than its header', requestId: null, fatal: true };
  const header = readHeader(buf);
  if (header.length !== buf.length) return { ok: false, reason: 'message length does not match its header', requestId: null, fatal: true };
  try {
    switch (header.opCode) {
      case OP_MSG:
        return { ok: true, request: parseOpMsg(buf, header) };
      case OP_QUERY:
        return { ok: true, request: parseOpQuery(buf, header) };
      default:
        return { ok: false, reason: `unsupported opCode ${header.opCode}`, requestId: header.requestId, fatal: true };
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // A bad OP_MSG or OP_QUERY gets an error reply, except that moreToCome forbids any reply.
    const silent = header.opCode === OP_MSG && buf.length >= HEADER_SIZE + 4 && (buf.readUInt32LE(HEADER_SIZE) & FLAG_MORE_TO_COME) !== 0;
    const codeName = error instanceof CommandError ? { codeName: error.codeName } : {};
    return { ok: false, reason, requestId: silent ? null : header.requestId, fatal: false, opCode: header.opCode, ...codeName };
  }
}

function parseOpMsg(buf: Buffer, header: MessageHeader): WireRequest {
  if (buf.length < HEADER_SIZE + 5) throw new Error('OP_MSG too short');
  const flags = buf.readUInt32LE(HEADER_SIZE);
  if (flags & ~KNOWN_FLAGS & 0xffff) throw new Error(`OP_MSG has unknown required flag bits ${flags}`);
  const end = flags & FLAG_CHECKSUM ? buf.length - 4 : buf.length;
  let offset = HEADER_SIZE + 4;
  let body: Document | null = null;
  const sequences: Array<{ id: string; docs: Document[] }> = [];
  while (offset < end) {
    const kind = buf.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      if (body !== null) throw new Error('OP_MSG has more than one body section');
      const read = readBsonAt(buf, offset, end);
      body = read.doc;
      offset = read.next;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new Error('truncated document sequence');
      const size = buf.readInt32LE(offset);
      const seqEnd = offset + size;
      if (size < 5 || seqEnd > end) throw new Error('document sequence length does not fit the message');
      const id = readCString(buf, offset + 4, seqEnd);
      const docs: Document[] = [];
      let pos = id.next;
      while (pos < seqEnd) {
        const read = readBsonAt(buf, pos, seqEnd);
        docs.push(read.doc);
        pos = read.next;
      }
      sequences.push({ id: id.value, docs });
      offset = seqEnd;
    } else {
      throw new Error(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (body === null) throw new Error('OP_MSG has no body section');
  for (const seq of sequences) {
    if (Object.hasOwn(body, seq.id)) throw new Error(`duplicate field '${seq.id}' in body and document sequence`);
    body[seq.id] = seq.docs;
  }
  return { kind: 'msg', requestId: header.requestId, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0, body };
}

function parseOpQuery(buf: Buffer, header: MessageHeader): WireRequest {
  let offset = HEADER_SIZE + 4; // flags
  const name = readCString(buf, offset, buf.length);
  offset = name.next + 8; // numberToSkip, numberToReturn
  const query = readBsonAt(buf, offset, buf.length);
  return { kind: 'query', requestId: header.requestId, collection: name.value, query: query.doc };
}

function writeHeader(out: Buffer, requestId: number, responseTo: number, opCode: number): void {
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(opCode, 12);
}

/** OP_MSG reply: flagBits 0, exactly one kind-0 section, no checksum. */
export function encodeOpMsgReply(requestId: number, responseTo: number, doc: Document): Buffer {
  const body = serialize(doc);
  const out = Buffer.allocUnsafe(HEADER_SIZE + 5 + body.length);
  writeHeader(out, requestId, responseTo, OP_MSG);
  out.writeUInt32LE(0, HEADER_SIZE);
  out.writeUInt8(0, HEADER_SIZE + 4);
  out.set(body, HEADER_SIZE + 5);
  return out;
}

/** OP_REPLY answering the legacy OP_QUERY handshake. */
export function encodeOpReply(requestId: number, responseTo: number, doc: Document): Buffer {
  const body = serialize(doc);
  const out = Buffer.alloc(HEADER_SIZE + 20 + body.length);
  writeHeader(out, requestId, responseTo, OP_REPLY);
  // responseFlags 0, cursorID 0, startingFrom 0 are already zero.
  out.writeInt32LE(1, HEADER_SIZE + 16);
  out.set(body, HEADER_SIZE + 20);
  return out;
}

/** Build an OP_MSG request (used by tests and the fuzzer to talk raw wire). */
export function encodeOpMsgRequest(requestId: number, body: Document, options: { moreToCome?: boolean; sequences?: Record<string, Document[]> } = {}): Buffer {
  const parts: Buffer[] = [];
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE(options.moreToCome ? FLAG_MORE_TO_COME : 0, 0);
  parts.push(flags, Buffer.from([0]), Buffer.from(serialize(body)));
  for (const [id, docs] of Object.entries(options.sequences ?? {})) {
    const encoded = docs.map((d) => Buffer.from(serialize(d)));
    const idBytes = Buffer.from(`${id}\0`, 'utf8');
    const size = 4 + idBytes.length + encoded.reduce((n, b) => n + b.length, 0);
    const sizeBuf = Buffer.alloc(4);
    sizeBuf.writeInt32LE(size, 0);
    parts.push(Buffer.from([1]), sizeBuf, idBytes, ...encoded);
  }
  const payload = Buffer.concat(parts);
  const out = Buffer.alloc(HEADER_SIZE + payload.length);
  writeHeader(out, requestId, 0, OP_MSG);
  payload.copy(out, HEADER_SIZE);
  return out;
}
