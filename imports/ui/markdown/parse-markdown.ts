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

const FENCE = /^```\s*([\w+-]*)\s*$/;
const QUOTE = /^>\s?(.*)$/;
// Nested quotes are cut off at this depth so hostile input cannot recurse without bound.
const MAX_QUOTE_DEPTH = 4;
const MAX_INLINE_DEPTH = 8;

export function parseMarkdown(source: string, depth = 0): MarkdownBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MarkdownBlock[] = [];
  let paragraph: string[] = [];

  const flushParagraph = (): void => {
    if (paragraph.length > 0) {
      blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
      paragraph = [];
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
      // An unterminated fence is ordinary text, as people type a lone ``` mid-sentence.
      if (end !== -1) {
        flushParagraph();
        blocks.push({ type: 'code', lang: fence[1] || null, text: lines.slice(i + 1, end).join('\n') });
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
        const m = QUOTE.exec(lines[j] ?? '');
        if (!m) break;
        quoted.push(m[1] ?? '');
      }
      blocks.push({ type: 'quote', children: parseMarkdown(quoted.join('\n'), depth + 1) });
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

interface Delimited {
  readonly open: string;
  readonly close: string;
  readonly type: 'strong' | 'em' | 'strike';
}

// Longer delimiters first so `**` is not read as two `*`.
const DELIMITERS: readonly Delimited[] = [
  { open: '**', close: '**', type: 'strong' },
  { open: '~~', close: '~~', type: 'strike' },
  { open: '*', close: '*', type: 'em' },
  { open: '_', close: '_', type: 'em' },
];

const URL_AT = /^https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"\]]/;
const MENTION_AT = /^@([a-zA-Z0-9._-]{1,40})/;
const LINK_AT = /^\[([^\]\n]{1,500})\]\(([^)\s]{1,2000})\)/;

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

export function parseInline(text: string, depth = 0): MarkdownInline[] {
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
    const ch = text[i] ?? '';
    const rest = text.slice(i);
    const prev = i === 0 ? '' : (text[i - 1] ?? '');

    if (ch === '\n') {
      flush();
      out.push({ type: 'break' });
      i++;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length && /[\\`*_~[\]()>@]/.test(text[i + 1] ?? '')) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ type: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[') {
      const m = LINK_AT.exec(rest);
      const href = m ? safeHref(m[2] ?? '') : null;
      if (m && href) {
        flush();
        out.push({ type: 'link', href, children: depth < MAX_INLINE_DEPTH ? parseInline(m[1] ?? '', depth + 1) : [{ type: 'text', text: m[1] ?? '' }] });
        i += m[0].length;
        continue;
      }
    }
    if (ch === 'h' && !/\w/.test(prev)) {
      const m = URL_AT.exec(rest);
      const href = m ? safeHref(m[0]) : null;
      if (m && href) {
        flush();
        out.push({ type: 'link', href, children: [{ type: 'text', text: m[0] }] });
        i += m[0].length;
        continue;
      }
    }
    if (ch === '@' && !/\w/.test(prev)) {
      const m = MENTION_AT.exec(rest);
      if (m) {
        flush();
        out.push({ type: 'mention', username: (m[1] ?? '').replace(/[.-]+$/, '') });
        i += 1 + (m[1] ?? '').replace(/[.-]+$/, '').length;
        continue;
      }
    }
    const delimited = depth < MAX_INLINE_DEPTH ? matchDelimited(text, i, prev) : null;
    if (delimited) {
      flush();
      out.push({ type: delimited.type, children: parseInline(delimited.inner, depth + 1) });
      i = delimited.end;
      continue;
    }
    buffer += ch;
    i++;
  }
  flush();
  return out;
}

function matchDelimited(
  text: string,
  at: number,
  prev: string,
): { type: Delimited['type']; inner: string; end: number } | null {
  for (const d of DELIMITERS) {
    if (!text.startsWith(d.open, at)) continue;
    // `_` inside words (snake_case) is not emphasis.
    if (d.open === '_' && /\w/.test(prev)) continue;
    const innerStart = at + d.open.length;
    const first = text[innerStart];
    if (first === undefined || /\s/.test(first)) continue;
    let search = innerStart + 1;
    while (search <= text.length) {
      const close = text.indexOf(d.close, search);
      if (close === -1) break;
      const before = text[close - 1] ?? '';
      const after = text[close + d.close.length] ?? '';
      const wordAfter = d.open === '_' && /\w/.test(after);
      // A lone `*` must not close a `**` run (`*a**b*`), and closers may not follow a space.
      const partOfLonger = d.open.length === 1 && text[close + 1] === d.open;
      if (!/\s/.test(before) && !wordAfter && !partOfLonger && close > innerStart) {
        return { type: d.type, inner: text.slice(innerStart, close), end: close + d.close.length };
      }
      search = close + 1;
    }
  }
  return null;
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
