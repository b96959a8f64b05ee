import { AllowDenyRules } from './allow-deny';
import type { AllowDenyOptions, Doc } from './allow-deny';
import type { MutationMethodRegistrar, SecuredCollectionOptions } from './collection-security';
import { mutationMethods } from './mutation-methods';
import type { MutableCollection } from './mutation-methods';

/**
 * The process-wide allow/deny hook server collections call from their constructor. Apps
 * define collections and their rules at module load, before the boot knows the DDP server,
 * so rules are kept per collection at once and the mutation methods are registered when
 * `installCollectionSecurity(server)` runs (or immediately, once it has).
 */
type HookState = { kind: 'waiting' } | { kind: 'installed'; registrar: MutationMethodRegistrar };

let state: HookState = { kind: 'waiting' };
let registered: MutableCollection[] = [];
let rules = new WeakMap<MutableCollection, AllowDenyRules>();

function rulesOf(collection: MutableCollection, options: SecuredCollectionOptions = {}): AllowDenyRules {
  let found = rules.get(collection);
  if (found === undefined) {
    found = new AllowDenyRules({ transform: options.transform ?? null });
    rules.set(collection, found);
  }
  return found;
}

/** Installs the hook on `registrar` (the DDP server); again with the same server is a no-op. */
export function installCollectionSecurity(registrar: MutationMethodRegistrar): void {
  if (state.kind === 'installed') {
    if (state.registrar === registrar) return;
    throw new Error('collection security is already installed on another DDP server');
  }
  state = { kind: 'installed', registrar };
  for (const collection of registered) registrar.methods(mutationMethods(collection, rulesOf(collection)));
}

export function isCollectionSecurityInstalled(): boolean {
  return state.kind === 'installed';
}

/** Called by each server collection: its mutation methods exist (refusing all) from now on. */
export function registerServerCollection(collection: MutableCollection, options: SecuredCollectionOptions = {}): void {
  if (registered.includes(collection)) return;
  if (registered.some((other) => other._name === collection._name)) {
    // The first collection object of a name owns its mutation methods; a second one's rules
    // would never be consulted, so its client writes stay refused (the safe side).
    console.warn(`collection-security: a second server collection named '${collection._name}' gets no client mutation methods`);
    return;
  }
  registered.push(collection);
  const collectionRules = rulesOf(collection, options);
  if (state.kind === 'installed') state.registrar.methods(mutationMethods(collection, collectionRules));
}

export function allowWrites<D = Doc>(collection: MutableCollection, options: AllowDenyOptions<D>): void {
  rulesOf(collection).allow(options);
}

export function denyWrites<D = Doc>(collection: MutableCollection, options: AllowDenyOptions<D>): void {
  rulesOf(collection).deny(options);
}

/** Forgets everything, for tests that start several servers in one process. */
export function uninstallCollectionSecurityForTests(): void {
  state = { kind: 'waiting' };
  registered = [];
  rules = new WeakMap();
}
