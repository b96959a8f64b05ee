import type { Computation } from './computation';
import { currentComputation } from './scope';

/**
 * One unit of reactive data (Tracker.Dependency). Computations that `depend()` on it are
 * invalidated by `changed()`; each dependent is dropped as soon as it is invalidated, so a
 * computation that stops reading this data stops depending on it after its next run.
 */
export class Dependency {
  readonly #dependents = new Set<Computation>();

  /**
   * Records that `computation` (default: the current one) depends on this. Returns true when it
   * is a new dependent, false when it already was one or there is no computation.
   */
  depend(computation?: Computation | null): boolean {
    const target = computation ?? currentComputation();
    if (!target) return false;
    if (this.#dependents.has(target)) return false;
    this.#dependents.add(target);
    target.onInvalidate(() => this.#dependents.delete(target));
    return true;
  }

  /** Invalidates every dependent computation. */
  changed(): void {
    for (const computation of [...this.#dependents]) computation.invalidate();
  }

  hasDependents(): boolean {
    return this.#dependents.size > 0;
  }
}
