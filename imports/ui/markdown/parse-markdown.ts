/**
 * A deliberately small Markdown dialect for chat messages. The parser produces a tree of plain
 * data; rendering turns it into React elements, so no user text is ever interpreted as HTML.
 *
 * Supported: **bold**, *italic* / _italic_, ~~strike~~, `inline code`, fenced code blocks,
 * [links](https://…), bare http(s) URLs, > quotes, @mentions, line breaks.
 */

export type MarkdownInline =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'strong'; readonly children: readonly MarkdownInline[] }
  | { readonly type: 'em'; readonly children: readonly MarkdownInline[] }
  | { readonly type: 'strike'; readonly children: readonly MarkdownInline[] }
  | { readonly type: 'code'; readonly text: string }
  | { readonly type: 'link'; readonly href: string; readonly children: readonly MarkdownInline[] }
  | { readonly type: 'mention'; readonly username: string }
  | { readonly type: 'break' };

export type MarkdownBlock =
  | { readonly type: 'paragraph'; readonly children: readonly MarkdownInline[] }
  | { readonly type: 'code'; readonly lang: string | null; readonly text: string }
  | { readonly type: 'quote'; readonly children: readonly MarkdownBlock[] };

const FENCE_MARK = '```';
const CLOSING_FENCE = /^```\s*$/;
const FENCE_LANG = /^[\w+-]*$/;
const QUOTE = /^>\s?(.*)$/;
// Nested quotes are cut off at this depth so hostile input cannot recurse without bound.
const MAX_QUOTE_DEPTH = 4;
const MAX_INLINE_DEPTH = 8;
/** A bare URL longer than this stays text (as a link's href does past 2,000 characters). */
const MAX_BARE_URL = 2048;

/**
 * Counts the parser's inner steps: one per character or line visited by any of its loops or
 * lookup tables. Every step is constant work, so the count is the parser's cost; it stays within
 * a constant times the input length (each character is visited by a bounded number of tables,
 * at each of a bounded number of nesting levels).
 */
export interface ParseMeter {
  steps: number;
}

export function parseMarkdown(source: string, meter: ParseMeter = { steps: 0 }): MarkdownBlock[] {
  return parseBlocks(source, 0, meter);
}

/** A fence opener: ``` then an optional language, written as a check rather than a regex that backtracks on long runs of spaces. */
function fenceLanguage(line: string): string | null {
  if (!line.startsWith(FENCE_MARK)) return null;
  const lang = line.slice(FENCE_MARK.length).trim();
  return FENCE_LANG.test(lang) ? lang : null;
}

function parseBlocks(source: string, depth: number, meter: ParseMeter): MarkdownBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];
  // closingFence[i]: the first line at or after i that closes a fence, or -1; built once, so a
  // message of many unterminated fences costs one pass instead of one search per fence.
  let closingFence: Int32Array | null = null;
  const closingFenceFrom = (from: number): number => {
    if (closingFence === null) {
      closingFence = new Int32Array(lines.length + 1).fill(-1);
      for (let j = lines.length - 1; j >= 0; j--) closingFence[j] = CLOSING_FENCE.test(lines[j] ?? '') ? j : (closingFence[j + 1] as number);
      meter.steps += lines.length;
    }
    return closingFence[from] ?? -1;
  };

  const flushParagraph = (): void => {
    if (paragraph.length > 0) {
      blocks.push({ type: 'paragraph', children: parseInlineText(paragraph.join('\n'), 0, meter) });
      paragraph = [];
    }
  };

  for (let i = 0; i < lines.length; i++) {
    meter.steps += 1;
    const line = lines[i] ?? '';
    const lang = fenceLanguage(line);
    if (lang !== null) {
      const end = closingFenceFrom(i + 1);
      // An unterminated fence is ordinary text, as people type a lone ``` mid-sentence.
      if (end !== -1) {
        flushParagraph();
        blocks.push({ type: 'code', lang: lang || null, text: lines.slice(i + 1, end).join('\n') });
        i = end;
        continue;
      }
    }
    const quote = QUOTE.exec(line);
    if (quote && depth < MAX_QUOTE_DEPTH) {
      flushParagraph();
      const quoted: string[] = [];
      let j = i;
      for (; j < lines.length; j++) {
        meter.steps += 1;
        const m = QUOTE.exec(lines[j] ?? '');
        if (!m) break;
        quoted.push(m[1] ?? '');
      }
      blocks.push({ type: 'quote', children: parseBlocks(quoted.join('\n'), depth + 1, meter) });
      i = j - 1;
      continue;
    }
    if (line.trim() === '') {
      flushParagraph();
      continue;
    }
    paragraph.push(line);
  }
  flushParagraph();
  return blocks;
}

/** The kinds of search a text answers, each with its own memo. */
const Search = {
  Backtick: 0,
  LabelEnd: 1,
  HrefEnd: 2,
  UrlStop: 3,
  UrlKept: 4,
  Strong: 5,
  Strike: 6,
  StarEm: 7,
  UnderscoreEm: 8,
} as const;
type Search = (typeof Search)[keyof typeof Search];

interface Delimited {
  readonly open: string;
  readonly type: 'strong' | 'em' | 'strike';
  readonly search: Search;
}

// Longer delimiters first so `**` is not read as two `*`. Each closes with itself.
const DELIMITERS: readonly Delimited[] = [
  { open: '**', type: 'strong', search: Search.Strong },
  { open: '~~', type: 'strike', search: Search.Strike },
  { open: '*', type: 'em', search: Search.StarEm },
  { open: '_', type: 'em', search: Search.UnderscoreEm },
];

const URL_SCHEMES = ['http://', 'https://'] as const;
/** Characters that end a bare URL, and those it may not end with (it ends before them). */
const URL_STOP_CHARS = '<>()';
const URL_TRAILING_CHARS = '.,;:!?\'"]';
const MENTION_AT = /@([a-zA-Z0-9._-]{1,40})/y;
const LINK_TEXT_MAX = 500;
const LINK_HREF_MAX = 2000;
const SPACE = /\s/;
/** Every character at which some inline construct may begin; any other character is plain text. */
const STARTERS = new Set(['\n', '\\', '`', '[', 'h', '@', '*', '~', '_']);
const WORD = /\w/;

/** Only these schemes become links; anything else (javascript:, data:, …) stays text. */
export function safeHref(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
}

/** `\s` as the grammar's regexes read it, without a regex call for ASCII. */
function isSpaceAt(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return SPACE.test(text[p] ?? '');
}

/**
 * One text being parsed, with memoised searches: `next(kind)` answers "the first position at or
 * after p where …" and `last(kind)` "the last position at or before p where …". A search stops at
 * the first position whose answer is already known and records its answer for every position it
 * passed, so each position is tested at most twice per kind of search (once by the first search,
 * which records nothing, and at most once more). Every search the grammar needs (a closing
 * delimiter, the end of a link or URL, the next backtick) is one of these: parsing is linear, and
 * short texts search only as far as they must.
 */
class InlineText {
  readonly text: string;
  readonly #meter: ParseMeter;
  /**
   * Per kind of search: null after its first search, which records nothing (most texts search
   * each kind once, and a table would cost more than the search); from the second on, a table
   * with 0 for unknown, else the answer + 2 (so "none", -1, is 1).
   */
  readonly #memo: Array<Int32Array | null | undefined> = [];

  constructor(text: string, meter: ParseMeter) {
    this.text = text;
    this.#meter = meter;
  }

  at(p: number): string {
    return this.text[p] ?? '';
  }

  /** The table of a kind of search, or null on its first search (recorded as seen). */
  #table(kind: Search): Int32Array | null {
    const table = this.#memo[kind];
    if (table === undefined) {
      this.#memo[kind] = null;
      return null;
    }
    if (table !== null) return table;
    const created = new Int32Array(this.text.length);
    this.#memo[kind] = created;
    return created;
  }

  #candidate(p: number, startChar: string | undefined): number {
    if (startChar === undefined) return p;
    const found = this.text.indexOf(startChar, p);
    return found === -1 ? this.text.length : found;
  }

  /**
   * `startChar`: a character every position that holds starts with; the search jumps between its
   * occurrences (a native scan; the positions jumped over still count as steps).
   */
  next(kind: Search, from: number, holds: (p: number) => boolean, startChar?: string): number {
    const n = this.text.length;
    if (from >= n) return -1;
    const table = this.#table(kind);
    let p = from;
    if (table === null) {
      p = this.#candidate(p, startChar);
      while (p < n && !holds(p)) p = this.#candidate(p + 1, startChar);
      this.#meter.steps += Math.min(p, n - 1) - from + 1;
      return p >= n ? -1 : p;
    }
    while (p < n && table[p] === 0) {
      const c = this.#candidate(p, startChar);
      // Positions before the next candidate cannot hold; a known answer among them ends the search.
      while (p < c && table[p] === 0) p++;
      if (p >= n || table[p] !== 0 || holds(p)) break;
      p++;
    }
    const found = p >= n ? -1 : table[p] !== 0 ? (table[p] as number) - 2 : p;
    this.#meter.steps += p - from + 1;
    for (let q = from; q <= p && q < n; q++) table[q] = found + 2;
    return found;
  }

  last(kind: Search, upTo: number, holds: (p: number) => boolean): number {
    if (upTo < 0) return -1;
    const table = this.#table(kind);
    const start = Math.min(upTo, this.text.length - 1);
    let p = start;
    if (table === null) {
      while (p >= 0 && !holds(p)) p--;
      this.#meter.steps += start - p + 1;
      return p;
    }
    while (p >= 0 && table[p] === 0 && !holds(p)) p--;
    const found = p < 0 ? -1 : table[p] !== 0 ? (table[p] as number) - 2 : p;
    this.#meter.steps += start - p + 1;
    for (let q = start; q >= p && q >= 0; q--) table[q] = found + 2;
    return found;
  }
}

export function parseInline(text: string, meter: ParseMeter = { steps: 0 }): MarkdownInline[] {
  return parseInlineText(text, 0, meter);
}

function parseInlineText(source: string, depth: number, meter: ParseMeter): MarkdownInline[] {
  const t = new InlineText(source, meter);
  const { text } = t;
  const out: MarkdownInline[] = [];
  let buffer = '';
  const flush = (): void => {
    if (buffer) {
      out.push({ type: 'text', text: buffer });
      buffer = '';
    }
  };

  let i = 0;
  while (i < text.length) {
    // A run of characters that start nothing is text as it stands: copied in one slice.
    if (!STARTERS.has(text[i] ?? '')) {
      const runStart = i;
      while (i < text.length && !STARTERS.has(text[i] ?? '')) i++;
      meter.steps += i - runStart;
      buffer += text.slice(runStart, i);
      continue;
    }
    meter.steps += 1;
    const ch = t.at(i);
    const prev = t.at(i - 1);

    if (ch === '\n') {
      flush();
      out.push({ type: 'break' });
      i++;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length && /[\\`*_~[\]()>@]/.test(t.at(i + 1))) {
      buffer += t.at(i + 1);
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = t.next(Search.Backtick, i + 1, (p) => text[p] === '`', '`');
      if (end > i + 1) {
        flush();
        out.push({ type: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[') {
      const link = matchLink(t, i);
      if (link) {
        flush();
        out.push({
          type: 'link',
          href: link.href,
          children: depth < MAX_INLINE_DEPTH ? parseInlineText(link.label, depth + 1, meter) : [{ type: 'text', text: link.label }],
        });
        i = link.end;
        continue;
      }
    }
    if (ch === 'h' && !WORD.test(prev)) {
      const end = matchBareUrl(t, i);
      const href = end === -1 ? null : safeHref(text.slice(i, end));
      if (href !== null) {
        flush();
        out.push({ type: 'link', href, children: [{ type: 'text', text: text.slice(i, end) }] });
        i = end;
        continue;
      }
    }
    if (ch === '@' && !WORD.test(prev)) {
      MENTION_AT.lastIndex = i;
      const m = MENTION_AT.exec(text);
      if (m) {
        const username = (m[1] ?? '').replace(/[.-]+$/, '');
        flush();
        out.push({ type: 'mention', username });
        i += 1 + username.length;
        continue;
      }
    }
    const delimited = depth < MAX_INLINE_DEPTH ? matchDelimited(t, i, prev) : null;
    if (delimited) {
      flush();
      out.push({ type: delimited.type, children: parseInlineText(text.slice(delimited.innerStart, delimited.close), depth + 1, meter) });
      i = delimited.end;
      continue;
    }
    buffer += ch;
    i++;
  }
  flush();
  return out;
}

/**
 * `[label](href)`: the label runs to the first `]` (no newline, 1–500 characters), the href from
 * `](` to the first `)` (no whitespace, 1–2,000 characters), and the href must be safe.
 */
function matchLink(t: InlineText, at: number): { label: string; href: string; end: number } | null {
  const { text } = t;
  const labelEnd = t.next(Search.LabelEnd, at + 1, (p) => text[p] === ']' || text[p] === '\n');
  if (labelEnd === -1 || text[labelEnd] !== ']' || labelEnd - at - 1 < 1 || labelEnd - at - 1 > LINK_TEXT_MAX) return null;
  if (text[labelEnd + 1] !== '(') return null;
  const hrefStart = labelEnd + 2;
  const hrefEnd = t.next(Search.HrefEnd, hrefStart, (p) => text[p] === ')' || isSpaceAt(text, p));
  if (hrefEnd === -1 || text[hrefEnd] !== ')' || hrefEnd - hrefStart < 1 || hrefEnd - hrefStart > LINK_HREF_MAX) return null;
  const href = safeHref(text.slice(hrefStart, hrefEnd));
  return href === null ? null : { label: text.slice(at + 1, labelEnd), href, end: hrefEnd + 1 };
}

/**
 * The end of a bare `http(s)://` URL starting at `at`, or -1: it runs to the next whitespace or
 * `<>()`, less any trailing punctuation, and needs at least two characters after the scheme.
 */
function matchBareUrl(t: InlineText, at: number): number {
  const { text } = t;
  const scheme = URL_SCHEMES.find((s) => text.startsWith(s, at));
  if (scheme === undefined) return -1;
  const runStart = at + scheme.length;
  const stop = t.next(Search.UrlStop, runStart, (p) => URL_STOP_CHARS.includes(t.at(p)) || isSpaceAt(text, p));
  const runEnd = stop === -1 ? text.length : stop;
  const lastKept = t.last(Search.UrlKept, runEnd - 1, (p) => !URL_TRAILING_CHARS.includes(t.at(p)));
  if (lastKept < runStart + 1) return -1;
  const end = lastKept + 1;
  return end - at > MAX_BARE_URL ? -1 : end;
}

/**
 * Emphasis opening at `at`: the delimiter, then a non-space, closed by the first later occurrence
 * of the same delimiter that follows a non-space (for `_`, not followed by a word character; for
 * a single `*` or `_`, not part of a double one). Whether a position can close depends on that
 * position alone, so the first closer after any opener is a table lookup.
 */
function matchDelimited(t: InlineText, at: number, prev: string): { type: Delimited['type']; innerStart: number; close: number; end: number } | null {
  const { text } = t;
  for (const d of DELIMITERS) {
    if (!text.startsWith(d.open, at)) continue;
    // `_` inside words (snake_case) is not emphasis.
    if (d.open === '_' && WORD.test(prev)) continue;
    const innerStart = at + d.open.length;
    const first = text[innerStart];
    if (first === undefined || SPACE.test(first)) continue;
    const close = t.next(d.search, innerStart + 1, (p) => closes(t, d, p), d.open);
    if (close !== -1) return { type: d.type, innerStart, close, end: close + d.open.length };
  }
  return null;
}

function closes(t: InlineText, d: Delimited, p: number): boolean {
  if (!t.text.startsWith(d.open, p)) return false;
  if (p > 0 && isSpaceAt(t.text, p - 1)) return false;
  if (d.open === '_' && WORD.test(t.at(p + d.open.length))) return false;
  // A lone `*` must not close a `**` run (`*a**b*`).
  return !(d.open.length === 1 && t.at(p + 1) === d.open);
}

/** The usernames a message mentions, deduplicated, in order of first appearance. */
export function extractMentions(source: string): string[] {
  const seen = new Set<string>();
  const walk = (nodes: readonly (MarkdownInline | MarkdownBlock)[]): void => {
    for (const node of nodes) {
      if (node.type === 'mention') seen.add(node.username.toLowerCase());
      else if ('children' in node) walk(node.children);
    }
  };
  walk(parseMarkdown(source));
  return [...seen];
}
