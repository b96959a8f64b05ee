import { deserialize, serialize, type Document } from 'bson';
import fs from 'node:fs';
import { crc32 } from 'node:zlib';

/**
 * Record framing shared by the journal and the snapshot: `[u32 length][u32 crc32][BSON]`.
 * A record whose length or checksum does not hold marks the end of the valid data (a torn
 * tail after a crash), never an error in the middle of recovery.
 */
const RECORD_HEADER = 8;

export function encodeRecord(doc: Document): Buffer {
  const payload = serialize(doc);
  const out = Buffer.allocUnsafe(RECORD_HEADER + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  out.set(payload, RECORD_HEADER);
  return out;
}

export interface DecodedRecords {
  readonly records: Document[];
  /** Bytes of valid records; anything after is a torn or corrupt tail. */
  readonly validBytes: number;
}

export function decodeRecords(bytes: Buffer): DecodedRecords {
  const records: Document[] = [];
  const validBytes = forEachRecord(bytes, (record) => {
    records.push(record);
  });
  return { records, validBytes };
}

/**
 * Visit each valid record in order without materialising them all (recovery of a large
 * journal would otherwise hold every decoded record at once). Returns the valid byte count.
 */
export function forEachRecord(bytes: Buffer, visit: (record: Document) => void): number {
  let offset = 0;
  while (offset + RECORD_HEADER <= bytes.length) {
    const length = bytes.readUInt32LE(offset);
    const sum = bytes.readUInt32LE(offset + 4);
    const end = offset + RECORD_HEADER + length;
    if (length < 5 || end > bytes.length) break;
    const payload = bytes.subarray(offset + RECORD_HEADER, end);
    if (crc32(payload) !== sum) break;
    let record: Document;
    try {
      record = deserialize(payload, { promoteLongs: false, promoteValues: true, promoteBuffers: false });
    } catch {
      break;
    }
    visit(record);
    offset = end;
  }
  return offset;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

function writeAll(fd: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.write(fd, data, 0, data.length, null, (error, written) => {
      if (error) reject(error);
      else if (written < data.length) writeAll(fd, data.subarray(written)).then(resolve, reject);
      else resolve();
    });
  });
}

function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));
}

/**
 * How a flush reaches the disk. `dsync-writes`: the file is opened O_DSYNC, so a write returns
 * only once its data and the metadata needed to read it back (the size) are on disk, as
 * write + fdatasync would, in one thread-pool round trip instead of two (a journaled ack
 * waits for the flush before it: measured about 0.16 ms less per sync here, see bench/RESULTS.md).
 * `write-then-fdatasync` where the platform has no O_DSYNC.
 */
export type JournalSyncMode = 'dsync-writes' | 'write-then-fdatasync';

export function defaultSyncMode(): JournalSyncMode {
  return typeof fs.constants.O_DSYNC === 'number' ? 'dsync-writes' : 'write-then-fdatasync';
}

/**
 * `failed`: a write or fsync failed. What it held is not on disk and later records would sit
 * after a gap, so the journal refuses everything from then on (MongoDB stops too).
 */
export type JournalState = 'idle' | 'flushing' | 'failed' | 'closed';

/**
 * Append-only journal with group commit: appends are buffered; `sync()` resolves after the
 * next durable write that includes everything appended before the call. While one flush is
 * on disk, later appends gather for the next, so N concurrent writers share one fsync.
 */
export class JournalFile {
  readonly syncMode: JournalSyncMode;
  readonly #fd: number;
  #pendingBuffers: Buffer[] = [];
  #waiters: Waiter[] = [];
  #state: JournalState = 'idle';
  #failure: Error | null = null;
  #bytes: number;
  #flushed: Promise<void> = Promise.resolve();

  constructor(path: string, options: { syncMode?: JournalSyncMode } = {}) {
    this.syncMode = options.syncMode ?? defaultSyncMode();
    switch (this.syncMode) {
      case 'dsync-writes': {
        const { O_APPEND, O_CREAT, O_WRONLY, O_DSYNC } = fs.constants;
        this.#fd = fs.openSync(path, O_APPEND | O_CREAT | O_WRONLY | O_DSYNC, 0o666);
        break;
      }
      case 'write-then-fdatasync':
        this.#fd = fs.openSync(path, 'a');
        break;
      default: {
        const never: never = this.syncMode;
        throw new Error(`unknown journal sync mode ${String(never)}`);
      }
    }
    this.#bytes = fs.fstatSync(this.#fd).size;
  }

  get size(): number {
    return this.#bytes;
  }

  appendRecord(doc: Document): void {
    if (this.#state === 'closed') throw new Error('journal is closed');
    if (this.#state === 'failed') throw this.#failureError();
    const record = encodeRecord(doc);
    this.#pendingBuffers.push(record);
    this.#bytes += record.length;
  }

  sync(): Promise<void> {
    if (this.#state === 'closed') return Promise.reject(new Error('journal is closed'));
    if (this.#state === 'failed') return Promise.reject(this.#failureError());
    const promise = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (this.#state === 'idle') this.#flushed = this.#flushLoop();
    return promise;
  }

  #failureError(): Error {
    return new Error(`journal failed earlier (${this.#failure?.message ?? 'unknown error'}); restart minimongod`);
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    if (this.#state !== 'failed' && (this.#pendingBuffers.length > 0 || this.#waiters.length > 0)) await this.sync().catch(() => undefined);
    await this.#flushed;
    this.#state = 'closed';
    fs.closeSync(this.#fd);
  }

  async #flushLoop(): Promise<void> {
    this.#state = 'flushing';
    while (this.#waiters.length > 0) {
      const buffers = this.#pendingBuffers;
      const waiters = this.#waiters;
      this.#pendingBuffers = [];
      this.#waiters = [];
      try {
        if (buffers.length > 0) {
          await writeAll(this.#fd, buffers.length === 1 ? (buffers[0] as Buffer) : Buffer.concat(buffers));
          if (this.syncMode === 'write-then-fdatasync') await datasync(this.#fd);
        }
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        this.#failure = error instanceof Error ? error : new Error(String(error));
        this.#state = 'failed';
        for (const waiter of [...waiters, ...this.#waiters]) waiter.reject(error);
        this.#waiters = [];
        this.#pendingBuffers = [];
        return;
      }
    }
    this.#state = 'idle';
  }
}
