/**
 * The on-screen keyboard must not cover the composer. Android Chrome shrinks the layout
 * viewport for it (the page's `interactive-widget=resizes-content`), but iOS WebViews and
 * browsers only shrink the visual viewport, leaving the composer under the keyboard; this
 * publishes the covered height as `--keyboard-inset` on the root element, which app.css takes
 * off the app's height.
 */
export interface VisualViewportLike extends EventTarget {
  readonly height: number;
  readonly offsetTop: number;
  readonly scale: number;
}

/**
 * Pixels at the bottom of the layout viewport the visual viewport does not show. A pinch-zoom
 * (scale other than 1) also shrinks the visual viewport and is not a keyboard: 0 then.
 */
export function keyboardInset(layoutHeight: number, viewport: Pick<VisualViewportLike, 'height' | 'offsetTop' | 'scale'>): number {
  if (Math.abs(viewport.scale - 1) > 0.01) return 0;
  return Math.max(0, Math.round(layoutHeight - viewport.height - viewport.offsetTop));
}

/** Keeps `--keyboard-inset` current; returns the stop function. No visual viewport: nothing to do. */
export function trackKeyboardInset(win: Window = window, viewport: VisualViewportLike | null = win.visualViewport): () => void {
  if (viewport === null) return () => undefined;
  const root = win.document.documentElement;
  const update = (): void => root.style.setProperty('--keyboard-inset', `${keyboardInset(win.innerHeight, viewport)}px`);
  update();
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  return () => {
    viewport.removeEventListener('resize', update);
    viewport.removeEventListener('scroll', update);
  };
}
