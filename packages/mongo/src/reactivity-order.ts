import { PerseidMongoError } from './mongo-errors';

/** Observe mechanisms in Meteor 3.5's vocabulary. `oplog` is accepted and skipped: we have none. */
export type ReactivityMechanism = 'changeStreams' | 'oplog' | 'polling';

export const DEFAULT_REACTIVITY_ORDER: readonly ReactivityMechanism[] = ['changeStreams', 'polling'];

function parseMechanism(name: unknown): ReactivityMechanism {
  if (name === 'changeStreams' || name === 'oplog' || name === 'polling') return name;
  throw new PerseidMongoError(
    'mongo.invalid-reactivity-order',
    `unknown reactivity mechanism ${JSON.stringify(name)} (expected changeStreams, oplog or polling)`,
  );
}

function parseList(value: unknown, source: string): ReactivityMechanism[] {
  let items: unknown[];
  if (typeof value === 'string') {
    const text = value.trim();
    items = text.startsWith('[')
      ? (JSON.parse(text) as unknown[])
      : text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  } else if (Array.isArray(value)) {
    items = value;
  } else {
    throw new PerseidMongoError('mongo.invalid-reactivity-order', `${source} must be a list of mechanisms`);
  }
  if (!Array.isArray(items) || items.length === 0) {
    throw new PerseidMongoError('mongo.invalid-reactivity-order', `${source} must name at least one mechanism`);
  }
  return items.map(parseMechanism);
}

/**
 * Which observe drivers to try, in order: `Meteor.settings.packages.mongo.reactivity` first,
 * then `METEOR_REACTIVITY_ORDER` (comma list or JSON array), else `changeStreams,polling`.
 */
export function resolveReactivityOrder(packageSettings: unknown, env: Record<string, string | undefined>): ReactivityMechanism[] {
  const fromSettings = typeof packageSettings === 'object' && packageSettings !== null ? (packageSettings as { reactivity?: unknown }).reactivity : undefined;
  if (fromSettings !== undefined) return parseList(fromSettings, 'Meteor.settings.packages.mongo.reactivity');
  const fromEnv = env['METEOR_REACTIVITY_ORDER'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseList(fromEnv, 'METEOR_REACTIVITY_ORDER');
  return [...DEFAULT_REACTIVITY_ORDER];
}
