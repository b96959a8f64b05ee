/** A zero-filled byte buffer that EJSON serialises as `{$binary: base64}`. */
export function newBinary(size: number): Uint8Array {
  if (!Number.isInteger(size) || size < 0) {
    throw new RangeError(`EJSON.newBinary expects a non-negative integer size, got ${String(size)}`);
  }
  return new Uint8Array(size);
}

/** True for binary data (any `Uint8Array`, including Node `Buffer`s). */
export function isBinary(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}
