/**
 * `meteor/server-render` in the browser: `onPageLoad(sink => ...)` runs once the page has loaded,
 * with a sink over the live document (Meteor's client sink), e.g. to hydrate what the server
 * rendered into an element.
 */
import { Meteor } from '@perseid/meteor-core';

export interface ClientSink {
  readonly document: Document;
  readonly window: Window;
  appendToHead(html: string): void;
  appendToBody(html: string): void;
  appendToElementById(id: string, html: string): void;
  renderIntoElementById(id: string, html: string): void;
  redirect(location: string): void;
  /** Server-only effects: no-ops in the browser, as in Meteor. */
  setStatusCode(code: number): void;
  setHeader(name: string, value: string): void;
  getCookies(): Record<string, string>;
}

function append(parent: Element | null, html: string): void {
  parent?.insertAdjacentHTML('beforeend', html);
}

function clientSink(): ClientSink {
  return {
    document,
    window,
    appendToHead: (html) => append(document.head, html),
    appendToBody: (html) => append(document.body, html),
    appendToElementById: (id, html) => append(document.getElementById(id), html),
    renderIntoElementById(id, html) {
      const element = document.getElementById(id);
      if (element !== null) element.innerHTML = html;
    },
    redirect: (location) => void window.location.assign(location),
    setStatusCode: () => undefined,
    setHeader: () => undefined,
    getCookies() {
      const cookies: Record<string, string> = {};
      for (const part of document.cookie.split(';')) {
        const eq = part.indexOf('=');
        if (eq <= 0) continue;
        const raw = part.slice(eq + 1).trim();
        try {
          cookies[part.slice(0, eq).trim()] = decodeURIComponent(raw);
        } catch {
          cookies[part.slice(0, eq).trim()] = raw;
        }
      }
      return cookies;
    },
  };
}

export function onPageLoad(callback: (sink: ClientSink) => unknown): void {
  Meteor.startup(() => void callback(clientSink()));
}
