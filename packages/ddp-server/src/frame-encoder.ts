/**
 * Builds PreparedFrames for data messages, sharing one frame across sessions.
 *
 * The observe layer hands the same `fields` object to every subscription fed by one event; a
 * mergebox passes that object on as `source` when the message it sends has exactly those fields.
 * The encoded frame is cached against the object (WeakMap, so it goes with the object), keyed
 * also by message kind, collection and id, so 1,000 sessions receiving one insert cost one
 * JSON encoding and one framing.
 */
import { EJSON } from '@perseid/ejson';
import type { ChangeCollector, Fields } from './document-view';
import { PreparedFrame } from './prepared-frame';

type FrameKind = 'added' | 'changed';

interface CacheEntry {
  readonly kind: FrameKind;
  readonly collection: string;
  readonly id: string;
  readonly frame: PreparedFrame;
}

function encodeFields(fields: Fields): string {
  return JSON.stringify(EJSON.toJSONValue(fields));
}

export class FrameEncoder {
  #cache = new WeakMap<object, CacheEntry>();
  /** Frames built (cache misses), for the stats endpoint and tests. */
  encoded = 0;
  /** Frames reused from the cache. */
  reused = 0;

  /** The frame already built for `source` as this message, if any (checked before any closure is made). */
  #hit(source: Fields | undefined, kind: FrameKind, collection: string, id: string): PreparedFrame | undefined {
    if (source === undefined) return undefined;
    const entry = this.#cache.get(source);
    if (entry === undefined || entry.kind !== kind || entry.id !== id || entry.collection !== collection) return undefined;
    this.reused += 1;
    return entry.frame;
  }

  #cached(source: Fields | undefined, kind: FrameKind, collection: string, id: string, build: () => string): PreparedFrame {
    const frame = new PreparedFrame(build());
    this.encoded += 1;
    if (source !== undefined) this.#cache.set(source, { kind, collection, id, frame });
    return frame;
  }

  added(collection: string, id: string, fields: Fields, source: Fields | undefined): PreparedFrame {
    return (
      this.#hit(source, 'added', collection, id) ??
      this.#cached(source, 'added', collection, id, () => {
        const head = `{"msg":"added","collection":${JSON.stringify(collection)},"id":${JSON.stringify(id)}`;
        for (const _key in fields) return `${head},"fields":${encodeFields(fields)}}`;
        return `${head}}`;
      })
    );
  }

  changed(collection: string, id: string, collector: ChangeCollector, source: Fields | undefined): PreparedFrame {
    return (
      this.#hit(source, 'changed', collection, id) ??
      this.#cached(source, 'changed', collection, id, () => {
        const fields: Fields = {};
        const cleared: string[] = [];
        let hasFields = false;
        for (const key in collector) {
          const value = collector[key];
          if (value === undefined) cleared.push(key);
          else {
            fields[key] = value;
            hasFields = true;
          }
        }
        let text = `{"msg":"changed","collection":${JSON.stringify(collection)},"id":${JSON.stringify(id)}`;
        if (hasFields) text += `,"fields":${encodeFields(fields)}`;
        if (cleared.length > 0) text += `,"cleared":${JSON.stringify(cleared)}`;
        return `${text}}`;
      })
    );
  }

  /** The last `removed` frame: one removal fans out to every session back to back. */
  #lastRemoved: { collection: string; id: string; frame: PreparedFrame } | undefined;

  removed(collection: string, id: string): PreparedFrame {
    const last = this.#lastRemoved;
    if (last !== undefined && last.id === id && last.collection === collection) {
      this.reused += 1;
      return last.frame;
    }
    const frame = new PreparedFrame(`{"msg":"removed","collection":${JSON.stringify(collection)},"id":${JSON.stringify(id)}}`);
    this.encoded += 1;
    this.#lastRemoved = { collection, id, frame };
    return frame;
  }
}
