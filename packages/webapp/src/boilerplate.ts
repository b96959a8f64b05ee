import type { RuntimeConfig } from './runtime-config';
import { runtimeConfigScript } from './runtime-config';

/** What the served HTML page is made of, besides the runtime config. */
export interface BoilerplateParts {
  /** Raw HTML from `<head>` fragments (static-html), trusted app content. */
  readonly head: string;
  /** Raw HTML from `<body>` fragments, placed before the scripts. */
  readonly body: string;
  /** Attributes of `<body>` from the fragments, already serialised (e.g. `class="x"`). */
  readonly bodyAttributes?: string;
  readonly stylesheets: readonly string[];
  /** Module scripts, loaded in order after the runtime config. */
  readonly scripts: readonly string[];
  /** Extra markup for the end of `<head>` (e.g. modulepreload links). */
  readonly headExtra?: string;
  readonly lang?: string;
}

/** An app that declares its own viewport (e.g. `viewport-fit=cover` for phones) gets only that one. */
const APP_VIEWPORT = /<meta\s[^>]*name\s*=\s*["']?viewport["'\s>]/i;

/**
 * Renders the app page. The runtime config is the first script, inline, carrying `nonce` so a
 * strict CSP still lets it run; every other script is external.
 */
export function renderBoilerplate(parts: BoilerplateParts, config: RuntimeConfig, nonce: string): string {
  const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const styles = parts.stylesheets.map((href) => `<link rel="stylesheet" href="${attr(href)}">`).join('');
  const scripts = parts.scripts.map((src) => `<script type="module" src="${attr(src)}"></script>`).join('');
  const bodyAttrs = parts.bodyAttributes !== undefined && parts.bodyAttributes !== '' ? ` ${parts.bodyAttributes}` : '';
  return [
    `<!DOCTYPE html>`,
    `<html lang="${attr(parts.lang ?? 'en')}">`,
    `<head><meta charset="utf-8">${APP_VIEWPORT.test(parts.head) ? '' : '<meta name="viewport" content="width=device-width, initial-scale=1">'}`,
    styles,
    parts.head,
    `<script nonce="${attr(nonce)}">${runtimeConfigScript(config)}</script>`,
    parts.headExtra ?? '',
    `</head>`,
    `<body${bodyAttrs}>`,
    parts.body,
    scripts,
    `</body>`,
    `</html>`,
  ].join('\n');
}
