/**
 * A CSS-only update: the new stylesheets are added beside the old `__meteor-css__` links and
 * the old ones removed once every new one has loaded, so the page is never unstyled.
 */
export const METEOR_CSS_CLASS = '__meteor-css__';

export function swapStylesheets(doc: Document, urls: readonly string[]): Promise<void> {
  const old = [...doc.querySelectorAll<HTMLLinkElement>(`link.${METEOR_CSS_CLASS}`)];
  const loads = urls.map(
    (url) =>
      new Promise<void>((resolve) => {
        const link = doc.createElement('link');
        link.rel = 'stylesheet';
        link.className = METEOR_CSS_CLASS;
        link.href = url;
        // A stylesheet that fails to load still ends the wait: keeping the old ones forever
        // would leave two generations of CSS fighting.
        link.addEventListener('load', () => resolve(), { once: true });
        link.addEventListener('error', () => resolve(), { once: true });
        doc.head.appendChild(link);
      }),
  );
  return Promise.all(loads).then(() => {
    for (const link of old) link.remove();
  });
}
