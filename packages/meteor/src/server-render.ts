/**
 * `meteor/server-render` on the server: `onPageLoad(sink => ...)` runs for every page
 * navigation, before the HTML is sent (WebApp's page sink: appendToHead, appendToBody,
 * appendToElementById, renderIntoElementById, redirect, setStatusCode, setHeader, request).
 */
import { WebApp } from '@perseid/webapp';
import type { PageLoadCallback } from '@perseid/webapp';

export type { ServerSink, PageLoadCallback } from '@perseid/webapp';

export function onPageLoad(callback: PageLoadCallback): void {
  WebApp.onPageLoad(callback);
}
