/**
 * A module-level singleton made on first use: `Accounts` and `Meteor.users` are imported by
 * everything, but building them touches the database and the DDP server, which tests and
 * tools that merely import the package must not pay for.
 */
export function lazyInstance<T extends object>(create: () => T): { value: T; get(): T; created(): boolean } {
  let instance: T | undefined;
  const get = (): T => (instance ??= create());
  const value = new Proxy({} as T, {
    get: (_target, key) => {
      const target = get();
      const property: unknown = Reflect.get(target, key, target);
      // Bound, so methods run on the real instance: class #private fields do not resolve
      // through a proxy receiver.
      return typeof property === 'function' ? (property as (...args: unknown[]) => unknown).bind(target) : property;
    },
    set: (_target, key, newValue) => Reflect.set(get(), key, newValue),
    has: (_target, key) => Reflect.has(get(), key),
  });
  return { value, get, created: () => instance !== undefined };
}
