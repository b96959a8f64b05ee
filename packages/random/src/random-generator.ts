/** Meteor's "unmistakable" id alphabet: no 0/O, 1/l/I, U/V confusion. */
export const UNMISTAKABLE_CHARS = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';
/** The alphabet of `secret()`: 6 bits per character, URL-safe. */
export const BASE64_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';
const HEX_CHARS = '0123456789abcdef';

function assertCount(count: number, what: string): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`${what} expects a non-negative integer length, got ${String(count)}`);
  }
}

/**
 * The Random API over one source of fractions. Every string is built from `fraction()` one
 * character at a time (`floor(fraction * alphabet.length)`), which is what makes a seeded
 * generator produce Meteor's exact ids: do not "optimise" this into byte arithmetic.
 */
export abstract class RandomGenerator {
  /** A number in [0, 1), like `Math.random()`. */
  abstract fraction(): number;

  /** `digits` random lowercase hexadecimal characters. */
  hexString(digits: number): string {
    assertCount(digits, 'hexString');
    return this.#randomString(digits, HEX_CHARS);
  }

  /** An id of `charsCount` (default 17, about 96 bits) characters from the unmistakable alphabet. */
  id(charsCount = 17): string {
    assertCount(charsCount, 'id');
    return this.#randomString(charsCount, UNMISTAKABLE_CHARS);
  }

  /** A secret of `charsCount` (default 43, 256 bits) URL-safe base64 characters. */
  secret(charsCount = 43): string {
    assertCount(charsCount, 'secret');
    return this.#randomString(charsCount, BASE64_CHARS);
  }

  /** One element of an array, or one character of a string; `undefined` when it is empty. */
  choice(arrayOrString: string): string;
  choice<T>(arrayOrString: readonly T[]): T | undefined;
  choice<T>(arrayOrString: string | readonly T[]): string | T | undefined {
    const index = Math.floor(this.fraction() * arrayOrString.length);
    if (typeof arrayOrString === 'string') return arrayOrString.charAt(index);
    return arrayOrString[index];
  }

  #randomString(count: number, alphabet: string): string {
    let result = '';
    for (let i = 0; i < count; i++) {
      result += alphabet.charAt(Math.floor(this.fraction() * alphabet.length));
    }
    return result;
  }
}
