/**
 * The messages a page running mocha sends back to Node, one per reporter event. Shared by the
 * in-page harness (which produces them) and the runner (which parses them, since anything
 * crossing from the page is untrusted until `parseBrowserTestEvent` has typed it).
 */
export type BrowserTestEvent =
  | { readonly type: 'suite'; readonly title: string; readonly depth: number }
  | { readonly type: 'pass'; readonly title: string; readonly depth: number }
  | { readonly type: 'pending'; readonly title: string; readonly depth: number }
  | { readonly type: 'fail'; readonly title: string; readonly fullTitle: string; readonly depth: number; readonly message: string; readonly stack: string }
  | { readonly type: 'end'; readonly passed: number; readonly failed: number; readonly skipped: number };

export function parseBrowserTestEvent(raw: unknown): BrowserTestEvent | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const str = (k: string): string => (typeof r[k] === 'string' ? (r[k] as string) : '');
  const num = (k: string): number => (typeof r[k] === 'number' && Number.isFinite(r[k]) ? (r[k] as number) : 0);
  switch (r['type']) {
    case 'suite':
    case 'pass':
    case 'pending':
      return { type: r['type'], title: str('title'), depth: num('depth') };
    case 'fail':
      return { type: 'fail', title: str('title'), fullTitle: str('fullTitle'), depth: num('depth'), message: str('message'), stack: str('stack') };
    case 'end':
      return { type: 'end', passed: num('passed'), failed: num('failed'), skipped: num('skipped') };
    default:
      return undefined;
  }
}

/** Name of the function the runner exposes on `window` for the harness to call. */
export const REPORT_BINDING = '__perseidReport';
