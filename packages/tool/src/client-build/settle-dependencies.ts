import type { ViteDevServer } from 'vite';

/** The slice of Vite's dev dependency optimizer read here (internal to Vite, hence optional). */
interface DepsOptimizerView {
  readonly scanProcessing?: Promise<void> | undefined;
  readonly metadata?: { readonly discovered?: Readonly<Record<string, { readonly processing?: Promise<void> }>> };
}

/** Enough rounds for a scan, a crawl and the re-run a crawl may cause; each waits on Vite's own promises. */
const MAX_ROUNDS = 8;

/**
 * Pre-bundles the client's npm dependencies before a browser asks for them, as Meteor builds
 * before it serves: the generated client entry is transformed (Vite pre-transforms every static
 * import from it), then this waits until Vite's crawl is idle and every dependency it
 * discovered, the scanner's misses included, is optimized. Without it the first page load meets
 * Vite re-optimising midway: it answers 504 to module requests and reloads the page.
 */
export async function settleClientDependencies(vite: ViteDevServer, entryId: string): Promise<void> {
  const client = vite.environments['client'];
  if (client === undefined) return;
  const optimizer = (client as unknown as { depsOptimizer?: DepsOptimizerView }).depsOptimizer;
  await client.warmupRequest(entryId);
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    await client.waitForRequestsIdle();
    await optimizer?.scanProcessing;
    const pending = Object.values(optimizer?.metadata?.discovered ?? {}).flatMap((dep) => (dep.processing === undefined ? [] : [dep.processing]));
    if (pending.length === 0) return;
    await Promise.all(pending);
    // The optimizer commits a finished run on a later turn; let it, then look again.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
