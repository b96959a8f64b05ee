import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'express';
import type { BoilerplateParts } from './boilerplate';

/** The request as Meteor's `WebApp.categorizeRequest` describes it to server-render. */
export interface SinkRequest {
  /** The parsed URL: `pathname`, `search`, `query` (first value of each parameter), `href`, `path`. */
  readonly url: {
    readonly href: string;
    readonly pathname: string;
    readonly search: string;
    readonly path: string;
    readonly query: Readonly<Record<string, string>>;
  };
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly cookies: Readonly<Record<string, string>>;
  readonly arch: 'web.browser';
}

/** What a server-render callback may do to one page response (Meteor's server-render sink). */
export interface ServerSink {
  readonly request: SinkRequest;
  /** Meteor's name for the client architecture the page is for. */
  readonly arch: 'web.browser';
  appendToHead(html: string): void;
  appendToBody(html: string): void;
  /** Adds `html` at the end of the static body element with this id (e.g. `react-target`). */
  appendToElementById(id: string, html: string): void;
  /** Replaces the content of the static body element with this id. */
  renderIntoElementById(id: string, html: string): void;
  /** Answers with a redirect instead of the page (301 unless `code` says otherwise). */
  redirect(location: string, code?: number): void;
  setStatusCode(code: number): void;
  setHeader(name: string, value: string): void;
  getHeaders(): IncomingHttpHeaders;
  getCookies(): Record<string, string>;
}

export type PageLoadCallback = (sink: ServerSink) => unknown;

type ElementEdit = { readonly mode: 'append' | 'replace'; readonly html: string };

/** What the callbacks asked for, applied once they have all run. */
export interface SinkOutcome {
  readonly redirect: { readonly location: string; readonly code: number } | undefined;
  readonly statusCode: number | undefined;
  readonly headers: ReadonlyMap<string, string>;
  /** The page parts with the sink's HTML in place; `nonce` goes on every script it added. */
  edit(parts: BoilerplateParts, nonce: string): BoilerplateParts;
}

function checkHtml(method: string, html: unknown): string {
  if (typeof html !== 'string') throw new TypeError(`sink.${method}: html must be a string`);
  return html;
}

function checkStatus(code: unknown, method: string, range: [number, number]): number {
  if (typeof code !== 'number' || !Number.isInteger(code) || code < range[0] || code > range[1]) {
    throw new TypeError(`sink.${method}: ${String(code)} is not a status code in ${range[0]}-${range[1]}`);
  }
  return code;
}

/** Server-render HTML is the app's own markup: its scripts run under the page's CSP nonce. */
function withNonce(html: string, nonce: string): string {
  return html.replace(/<script(?![^>]*\bnonce=)/gi, `<script nonce="${nonce}"`);
}

/**
 * Puts `content` inside the element of `html` whose id is `id` (after its content, or instead
 * of it); `html` unchanged when no such element exists. Elements of the same tag nested in it
 * are skipped by depth, so the matching end tag is found.
 */
export function insertIntoElementById(html: string, id: string, content: string, mode: 'append' | 'replace'): string {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const open = new RegExp(`<([a-zA-Z][\\w-]*)\\b[^>]*\\sid\\s*=\\s*(["'])${escaped}\\2[^>]*>`).exec(html);
  if (open === null) return html;
  const tag = open[1] ?? '';
  const start = open.index + open[0].length;
  if (open[0].endsWith('/>')) return html;
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  tags.lastIndex = start;
  let depth = 1;
  for (let m = tags.exec(html); m !== null; m = tags.exec(html)) {
    if (m[1] === '/') depth -= 1;
    else if (!m[0].endsWith('/>')) depth += 1;
    if (depth === 0) {
      const inner = mode === 'replace' ? content : `${html.slice(start, m.index)}${content}`;
      return `${html.slice(0, start)}${inner}${html.slice(m.index)}`;
    }
  }
  return html;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (name === '' || name in cookies) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return cookies;
}

/** A sink for one request, and what its callbacks made of it. */
export function createServerSink(request: Request): { sink: ServerSink; outcome: () => SinkOutcome } {
  const head: string[] = [];
  const body: string[] = [];
  const byId = new Map<string, ElementEdit[]>();
  const headers = new Map<string, string>();
  let statusCode: number | undefined;
  let redirect: { location: string; code: number } | undefined;
  const editElement = (id: string, edit: ElementEdit): void => {
    if (typeof id !== 'string' || id === '') throw new TypeError('sink: an element id must be a non-empty string');
    const edits = edit.mode === 'replace' ? [] : (byId.get(id) ?? []);
    byId.set(id, [...edits, edit]);
  };
  const url = new URL(request.originalUrl, 'http://page.invalid');
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
  const cookies = parseCookies(request.headers.cookie);
  const sink: ServerSink = {
    request: {
      url: { href: `${url.pathname}${url.search}`, pathname: url.pathname, search: url.search, path: `${url.pathname}${url.search}`, query },
      path: url.pathname,
      headers: request.headers,
      cookies,
      arch: 'web.browser',
    },
    arch: 'web.browser',
    appendToHead: (html) => void head.push(checkHtml('appendToHead', html)),
    appendToBody: (html) => void body.push(checkHtml('appendToBody', html)),
    appendToElementById: (id, html) => editElement(id, { mode: 'append', html: checkHtml('appendToElementById', html) }),
    renderIntoElementById: (id, html) => editElement(id, { mode: 'replace', html: checkHtml('renderIntoElementById', html) }),
    redirect(location, code = 301) {
      if (typeof location !== 'string' || location === '' || /[\r\n]/.test(location)) throw new TypeError('sink.redirect: location must be a URL');
      redirect = { location, code: checkStatus(code, 'redirect', [300, 399]) };
    },
    setStatusCode: (code) => void (statusCode = checkStatus(code, 'setStatusCode', [200, 599])),
    setHeader(name, value) {
      if (typeof name !== 'string' || !/^[!#$%&'*+.^`|~\w-]+$/.test(name)) throw new TypeError('sink.setHeader: invalid header name');
      if (typeof value !== 'string' || /[\r\n]/.test(value)) throw new TypeError('sink.setHeader: a header value must be a string without line breaks');
      headers.set(name, value);
    },
    getHeaders: () => request.headers,
    getCookies: () => ({ ...cookies }),
  };
  return {
    sink,
    outcome: () => ({
      redirect,
      statusCode,
      headers,
      edit(parts, nonce) {
        let pageBody = parts.body;
        for (const [id, edits] of byId) {
          for (const e of edits) pageBody = insertIntoElementById(pageBody, id, withNonce(e.html, nonce), e.mode);
        }
        return {
          ...parts,
          head: `${parts.head}${head.map((h) => withNonce(h, nonce)).join('')}`,
          body: `${pageBody}${body.map((b) => withNonce(b, nonce)).join('')}`,
        };
      },
    }),
  };
}
