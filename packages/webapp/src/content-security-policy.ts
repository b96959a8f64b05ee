import { DEFAULT_CSP } from './security-headers';

/** Extra sources per CSP directive (`{ 'img-src': ['https://images.example'] }`). */
export type CspAllowances = Readonly<Record<string, readonly string[]>>;

/**
 * The directives each kind of reference in the app's own static HTML may need. A stylesheet
 * (Google Fonts, a CSS CDN) may load fonts and images from its origin; a `preconnect` names an
 * origin the page will fetch styles, fonts or images from. Scripts are allowed only where the
 * HTML loads one explicitly.
 */
const LINK_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  stylesheet: ['style-src', 'font-src', 'img-src'],
  preconnect: ['style-src', 'font-src', 'img-src'],
  'dns-prefetch': ['style-src', 'font-src', 'img-src'],
  icon: ['img-src'],
  'apple-touch-icon': ['img-src'],
  manifest: ['manifest-src'],
};
const PRELOAD_DIRECTIVES: Readonly<Record<string, string>> = {
  font: 'font-src',
  style: 'style-src',
  image: 'img-src',
  script: 'script-src',
  fetch: 'connect-src',
};

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
    found.set((m[1] ?? '').toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  return found;
}

/** The origin of an absolute http(s) or protocol-relative URL; undefined for same-origin ones. */
function externalOrigin(href: string | undefined): string | undefined {
  if (href === undefined || !/^(?:https?:)?\/\//i.test(href.trim())) return undefined;
  try {
    const url = new URL(href.trim(), 'https://same-origin.invalid');
    return url.host === 'same-origin.invalid' ? undefined : href.trim().startsWith('//') ? `https://${url.host}` : url.origin;
  } catch {
    return undefined;
  }
}

/** The allowances the app's static HTML declares by linking other origins. */
export function staticHtmlAllowances(html: string): CspAllowances {
  const allow = new Map<string, Set<string>>();
  const add = (directives: readonly string[], origin: string | undefined): void => {
    if (origin === undefined) return;
    for (const directive of directives) allow.set(directive, (allow.get(directive) ?? new Set()).add(origin));
  };
  const text = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const [tag] of text.matchAll(/<link\b[^>]*>/gi)) {
    const attrs = attributes(tag);
    const origin = externalOrigin(attrs.get('href'));
    for (const rel of (attrs.get('rel') ?? '').toLowerCase().split(/\s+/)) {
      if (rel === 'preload' || rel === 'modulepreload') {
        const directive = rel === 'modulepreload' ? 'script-src' : PRELOAD_DIRECTIVES[(attrs.get('as') ?? '').toLowerCase()];
        if (directive !== undefined) add([directive], origin);
      } else {
        add(LINK_DIRECTIVES[rel] ?? [], origin);
      }
    }
  }
  for (const [tag] of text.matchAll(/<script\b[^>]*>/gi)) add(['script-src'], externalOrigin(attributes(tag).get('src')));
  for (const [tag] of text.matchAll(/<img\b[^>]*>/gi)) add(['img-src'], externalOrigin(attributes(tag).get('src')));
  return Object.fromEntries([...allow].map(([directive, origins]) => [directive, [...origins].sort()]));
}

/** A source a directive may list: a scheme, a host (wildcards allowed) or a quoted keyword; never a policy fragment. */
const SOURCE = /^(?:'[a-z0-9-]+'|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*:\/\/)?[a-z0-9*.-]+(?::\d+|:\*)?(?:\/[^\s;,]*)?)$/i;
const DIRECTIVE = /^[a-z-]+$/;

/** `policy` with `allowances` added to their directives (a directive it lacks starts from `default-src`). */
export function withAllowances(policy: string, allowances: CspAllowances): string {
  const directives = policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .map((d) => d.split(/\s+/));
  const find = (name: string): string[] | undefined => directives.find((d) => d[0] === name);
  for (const [name, sources] of Object.entries(allowances)) {
    if (!DIRECTIVE.test(name)) throw new TypeError(`Not a CSP directive: ${JSON.stringify(name)}`);
    const bad = sources.find((s) => typeof s !== 'string' || !SOURCE.test(s));
    if (bad !== undefined) throw new TypeError(`Not a CSP source for ${name}: ${JSON.stringify(bad)}`);
    let directive = find(name);
    if (directive === undefined) {
      directive = [name, ...(find('default-src')?.slice(1) ?? ["'self'"])];
      directives.push(directive);
    }
    if (directive.includes("'none'") && sources.length > 0) directive.splice(directive.indexOf("'none'"), 1);
    for (const source of sources) if (!directive.includes(source)) directive.push(source);
  }
  return directives.map((d) => d.join(' ')).join('; ');
}

/**
 * The page's policy: the strict default plus what the app's static HTML links, then
 * `settings.packages.webapp.contentSecurityPolicy`: `false` (send none), a whole policy string
 * (`{nonce}` marks the page's script nonce), or extra sources per directive.
 */
export function contentSecurityPolicyFor(staticHtml: string, settings: unknown): string | false {
  const configured = webappSettings(settings)?.['contentSecurityPolicy'];
  if (configured === false) return false;
  if (typeof configured === 'string') return configured;
  const derived = withAllowances(DEFAULT_CSP, staticHtmlAllowances(staticHtml));
  if (configured === undefined || configured === null) return derived;
  if (typeof configured !== 'object' || Array.isArray(configured)) {
    throw new TypeError('settings.packages.webapp.contentSecurityPolicy must be false, a policy string or { "<directive>": ["<source>", ...] }');
  }
  const extra: Record<string, readonly string[]> = {};
  for (const [name, sources] of Object.entries(configured as Record<string, unknown>)) {
    if (!Array.isArray(sources)) throw new TypeError(`settings.packages.webapp.contentSecurityPolicy.${name} must be a list of sources`);
    extra[name] = sources as string[];
  }
  return withAllowances(derived, extra);
}

function webappSettings(settings: unknown): Record<string, unknown> | undefined {
  const packages = (settings as { packages?: unknown } | null | undefined)?.packages;
  const webapp = (packages as { webapp?: unknown } | null | undefined)?.webapp;
  return typeof webapp === 'object' && webapp !== null ? (webapp as Record<string, unknown>) : undefined;
}
