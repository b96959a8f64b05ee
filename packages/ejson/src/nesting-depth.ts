import { EJSONError } from './ejson-error';

/**
 * How deep EJSON's recursive walks (toJSONValue, fromJSONValue, parse, clone, equals) go before
 * refusing with `ejson.too-deep`. Ten times MongoDB's document limit (100), and a quarter of the
 * depth at which the deepest of these walks exhausts a fresh Node stack (about 4,000), so a
 * walk started from a busy stack still ends in this error rather than a RangeError.
 */
export const MAX_EJSON_DEPTH = 1000;

/** The error every walk throws once it would enter a container `MAX_EJSON_DEPTH` levels down. */
export function tooDeep(): EJSONError {
  return new EJSONError('ejson.too-deep', `EJSON value nested deeper than ${MAX_EJSON_DEPTH} levels`);
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON `text` nests arrays/objects more than `maxDepth` levels (`[]` is one level), found
 * by one pass over the characters, before anything is built. Brackets inside strings do not
 * count. Text that is not JSON gets some answer; the parser that follows rejects it anyway.
 */
export function jsonTextExceedsDepth(text: string, maxDepth: number): boolean {
  // Each level needs one opening character: short text cannot be too deep.
  if (text.length <= maxDepth) return false;
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = closingQuote(text, i);
      if (i < 0) return false;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Index of the quote that ends the string opened at `open`, or -1 when it never ends. */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at >= 0) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    // An even run of backslashes escapes itself, not the quote.
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return -1;
}
