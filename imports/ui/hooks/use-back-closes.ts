import { useEffect, useRef } from 'react';

/**
 * Back closes what covers the screen (a full-screen panel, the channel drawer), as on every
 * phone: on the web through a history entry per open layer, so the browser's back button and
 * the system back gesture pop the layer instead of leaving the channel; on Cordova the Android
 * back button (`backbutton`) does the same, and with nothing open leaves the app.
 *
 * Invariant: a layer that is open has pushed exactly one entry whose state carries its id under
 * LAYER_KEY; it closes when history moves below that entry, and pops its own entry when closed
 * any other way, so the stack never keeps a dead layer on top.
 */
const LAYER_KEY = 'perseidLayer';
let nextLayer = 1;

function layerOf(state: unknown): number {
  const value = typeof state === 'object' && state !== null ? (state as Record<string, unknown>)[LAYER_KEY] : undefined;
  return typeof value === 'number' ? value : 0;
}

/** Whether a layer is open (the Cordova back button then pops it rather than leaving the app). */
export function backClosesALayer(): boolean {
  return layerOf(history.state) > 0;
}

export function useBackCloses(open: boolean, close: () => void): void {
  const closeRef = useRef(close);
  closeRef.current = close;
  useEffect(() => {
    if (!open) return undefined;
    const id = nextLayer++;
    const base = typeof history.state === 'object' && history.state !== null ? (history.state as Record<string, unknown>) : {};
    history.pushState({ ...base, [LAYER_KEY]: id }, '');
    let popped = false;
    const onPop = (event: PopStateEvent): void => {
      if (layerOf(event.state) >= id) return;
      popped = true;
      closeRef.current();
    };
    window.addEventListener('popstate', onPop);
    return () => {
      window.removeEventListener('popstate', onPop);
      if (!popped && layerOf(history.state) === id) history.back();
    };
  }, [open]);
}

interface CordovaApp {
  exitApp?: () => void;
}

/**
 * Cordova only: the Android back button pops the open layer through history (the same path as
 * the web's back), and with none open leaves the app, as Android apps do at their root screen.
 * Registering a `backbutton` listener is what stops Cordova's default, which always exits.
 */
export function installCordovaBackButton(doc: Document = document): () => void {
  const onBack = (): void => {
    if (backClosesALayer()) history.back();
    else (navigator as Navigator & { app?: CordovaApp }).app?.exitApp?.();
  };
  doc.addEventListener('backbutton', onBack);
  return () => doc.removeEventListener('backbutton', onBack);
}
