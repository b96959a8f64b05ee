/** Serialized contents of one named dict: key -> EJSON text ('undefined' for undefined). */
export type SerializedDict = Record<string, string>;

/** What a named dict exposes to the registry. */
export interface MigratableDict {
  serialize(): SerializedDict;
}

const liveDicts = new Map<string, MigratableDict>();
let pendingMigration = new Map<string, SerializedDict>();

/** Claims `name` for `dict`; two live dicts may not share a name (Meteor's rule). */
export function registerNamedDict(name: string, dict: MigratableDict): void {
  if (liveDicts.has(name)) throw new Error(`Duplicate ReactiveDict name: ${name}`);
  liveDicts.set(name, dict);
}

export function unregisterNamedDict(name: string, dict: MigratableDict): void {
  if (liveDicts.get(name) === dict) liveDicts.delete(name);
}

/** Contents migrated from a previous page/module instance for `name`, consumed once. */
export function takeMigratedDict(name: string): SerializedDict | undefined {
  const data = pendingMigration.get(name);
  pendingMigration.delete(name);
  return data;
}

/**
 * Snapshot of every live named dict, for carrying state across a reload or hot update
 * (Meteor's `reload` migration); feed it to `loadDictMigrationData` in the new instance.
 */
export function dictMigrationData(): Record<string, SerializedDict> {
  const out: Record<string, SerializedDict> = {};
  for (const [name, dict] of liveDicts) out[name] = dict.serialize();
  return out;
}

/** Accepts migration data (untrusted: it may come from storage) for dicts created afterwards. */
export function loadDictMigrationData(data: unknown): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TypeError('ReactiveDict migration data must be an object of named dicts');
  }
  const next = new Map<string, SerializedDict>();
  for (const [name, dict] of Object.entries(data)) {
    if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) {
      throw new TypeError(`ReactiveDict migration data for ${name} must be an object`);
    }
    const entries = Object.entries(dict as Record<string, unknown>);
    for (const [key, value] of entries) {
      if (typeof value !== 'string') throw new TypeError(`ReactiveDict migration data ${name}.${key} must be EJSON text`);
    }
    next.set(name, Object.fromEntries(entries) as SerializedDict);
  }
  pendingMigration = next;
}
