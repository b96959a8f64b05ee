import type { Fields } from './store';

/** Applies a DDP `changed` to a fields object in place: set `fields`, delete `cleared`. */
export function applyChanged(target: Fields, fields: Fields | undefined, cleared: readonly string[] | undefined): void {
  if (fields !== undefined) {
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) delete target[key];
      else target[key] = value;
    }
  }
  for (const key of cleared ?? []) delete target[key];
}
