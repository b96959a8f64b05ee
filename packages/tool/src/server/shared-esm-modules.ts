/**
 * ES module namespaces that `require()` must hand out too, by specifier. Under tsx, a CommonJS
 * module's `require('meteor/meteor')` would compile the facade's TypeScript a second time as
 * CommonJS: a second `Meteor`, a second method table no client talks to. Meteor has one
 * instance per package whatever the module format, so the boot shares the namespaces it loads
 * (every enabled package's facade) and the CommonJS loader answers from here.
 */
const shared = new Map<string, object>();

export function shareEsmModule(specifier: string, namespace: object): void {
  shared.set(specifier, namespace);
}

export function sharedEsmModule(specifier: string): object | undefined {
  return shared.get(specifier);
}
