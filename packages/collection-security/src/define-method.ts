import { MeteorError } from '@perseid/meteor-core';
import type SimpleSchema from 'simpl-schema';
import { markArgumentChecked } from './argument-audit';
import { parseArgumentObject } from './argument-object';

/** `this` inside a method body, on the server or in a client stub. */
export interface MethodContext {
  readonly userId: string | null;
  readonly isSimulation: boolean;
  readonly connection: unknown;
}

/** Where defined methods get registered and called: `Meteor.methods` / `Meteor.callAsync` of the side. */
export interface MethodHost {
  register(name: string, handler: (this: MethodContext, ...args: unknown[]) => unknown): void;
  callAsync(name: string, args: unknown[]): Promise<unknown>;
}

export interface MethodSpec<A, R> {
  name: string;
  /** Validates (after cleaning) the single argument object; `null`: the method takes no argument. */
  schema: SimpleSchema | null;
  run(this: MethodContext, args: A): R | Promise<R>;
}

export interface DefinedMethod<A, R> {
  readonly name: string;
  readonly schema: SimpleSchema | null;
  /** Cleans and validates raw arguments; throws `validation-error` with per-field details. */
  validate(raw: unknown): A;
  /** Calls the method over the installed host (runs the stub first on a client). */
  callAsync(...args: A extends undefined ? [] : [args: A]): Promise<Awaited<R>>;
  /**
   * The handler as registered: validates, then runs. It answers as `run` does: a `run` that
   * returns a value (not a promise) makes a synchronous client stub (see below).
   */
  readonly handler: (this: MethodContext, ...args: unknown[]) => R | Promise<Awaited<R>>;
}

/** The argument and result types of a defined method, for typing callers elsewhere. */
export type MethodArgs<M> = M extends DefinedMethod<infer A, unknown> ? A : never;
export type MethodResult<M> = M extends DefinedMethod<unknown, infer R> ? Awaited<R> : never;

type HostState = { kind: 'waiting'; queue: DefinedMethod<unknown, unknown>[] } | { kind: 'installed'; host: MethodHost };

let hostState: HostState = { kind: 'waiting', queue: [] };
const definedNames = new Set<string>();

/**
 * Installs the side's method host and registers every method defined so far. Returns a
 * stop() (safe twice) that detaches the host, for tests.
 */
export function installMethodHost(host: MethodHost): { stop(): void } {
  const queued = hostState.kind === 'waiting' ? hostState.queue : [];
  hostState = { kind: 'installed', host };
  for (const method of queued) host.register(method.name, method.handler);
  return {
    stop: () => {
      if (hostState.kind === 'installed' && hostState.host === host) hostState = { kind: 'waiting', queue: [] };
    },
  };
}

/**
 * The validated-method pattern with types: arguments are cleaned and validated against the
 * schema before `run`, on the server and in the client stub, and `callAsync` is typed by
 * `run`'s argument and result, so callers cannot pass the wrong shape.
 */
export function defineMethod<A = undefined, R = unknown>(spec: MethodSpec<A, R>): DefinedMethod<A, R> {
  if (typeof spec.name !== 'string' || spec.name.length === 0) throw new TypeError('defineMethod: name must be a non-empty string');
  if (typeof spec.run !== 'function') throw new TypeError(`defineMethod(${spec.name}): run must be a function`);
  if (definedNames.has(spec.name)) throw new Error(`defineMethod: a method named '${spec.name}' is already defined`);
  definedNames.add(spec.name);
  const schema = spec.schema;

  const validate = (raw: unknown): A => {
    if (schema === null) {
      if (raw !== undefined) throw new MeteorError('validation-error', `${spec.name} takes no arguments`, []);
      return undefined as A;
    }
    return parseArgumentObject<A>(schema, raw, spec.name);
  };

  // Not an async function: a client stub that returns a value is done when it returns, so the
  // method frame leaves in the caller's own task (the keystroke's), ahead of the page's render of
  // the stub's writes, which an async stub's continuation waits behind. Refusals still throw.
  const handler = function (this: MethodContext, ...args: unknown[]): R | Promise<Awaited<R>> {
    if (args.length > 1) throw new MeteorError('validation-error', `${spec.name} takes at most one argument`, []);
    const valid = validate(args[0]);
    // Validation by schema counts as checking for audit-argument-checks.
    markArgumentChecked(args[0]);
    return spec.run.call(this, valid) as R | Promise<Awaited<R>>;
  };

  const method: DefinedMethod<A, R> = {
    name: spec.name,
    schema,
    validate,
    handler,
    callAsync(...args) {
      if (hostState.kind !== 'installed') return Promise.reject(new Error(`defineMethod(${spec.name}): no method host installed on this side`));
      return hostState.host.callAsync(spec.name, args) as Promise<Awaited<R>>;
    },
  };
  if (hostState.kind === 'installed') hostState.host.register(spec.name, handler);
  else hostState.queue.push(method as DefinedMethod<unknown, unknown>);
  return method;
}

/** Forgets defined names, for tests that define the same method in several cases. */
export function resetDefinedMethodsForTests(): void {
  definedNames.clear();
  if (hostState.kind === 'waiting') hostState.queue.length = 0;
}
