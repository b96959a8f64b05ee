import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFiles } from '../test-runner/find-files';

export interface StaticHtml {
  readonly head: string;
  readonly body: string;
  readonly bodyAttributes: string;
}

/**
 * Meteor's static-html: `<head>` and `<body>` fragments of `.html` files under `client/` are
 * concatenated (files in path order) into the served page.
 */
export function readStaticHtml(root: string): StaticHtml {
  const files = findFiles(root, 'client', (rel) => rel.endsWith('.html'));
  return mergeStaticHtml(files.map((f) => readFileSync(join(root, f), 'utf8')));
}

export function mergeStaticHtml(sources: readonly string[]): StaticHtml {
  const heads: string[] = [];
  const bodies: string[] = [];
  const attributes: string[] = [];
  for (const source of sources) {
    const text = source.replace(/<!--[\s\S]*?-->/g, '');
    for (const m of text.matchAll(/<head(?:\s[^>]*)?>([\s\S]*?)<\/head>/gi)) heads.push((m[1] ?? '').trim());
    for (const m of text.matchAll(/<body(\s[^>]*)?>([\s\S]*?)<\/body>/gi)) {
      bodies.push((m[2] ?? '').trim());
      const attrs = (m[1] ?? '').trim();
      if (attrs !== '') attributes.push(attrs);
    }
  }
  return { head: heads.join('\n'), body: bodies.join('\n'), bodyAttributes: attributes.join(' ') };
}

/** CSS files under `client/` (outside `imports/`), loaded eagerly in path order. */
export function findClientCss(root: string): string[] {
  return findFiles(root, 'client', (rel) => rel.endsWith('.css'));
}
