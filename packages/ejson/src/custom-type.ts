import { EJSONError } from './ejson-error';
import type { JSONValue } from './json-value-types';

/**
 * What a class implements to travel through EJSON as `{$type, $value}`. `clone` and `equals`
 * are optional: without them EJSON clones and compares through `toJSONValue`.
 */
export interface EJSONCustomType {
  typeName(): string;
  toJSONValue(): JSONValue;
  clone?(): EJSONCustomType;
  equals?(other: unknown, options?: { keyOrderSensitive?: boolean }): boolean;
}

/** Rebuilds an instance from its `$value`. */
export type EJSONTypeFactory = (jsonValue: JSONValue) => EJSONCustomType;

const factories = new Map<string, EJSONTypeFactory>();

/** Registers a custom type; a name can be registered once per process. */
export function addType(name: string, factory: EJSONTypeFactory): void {
  if (typeof name !== 'string' || name === '') {
    throw new EJSONError('ejson.bad-type-definition', 'EJSON.addType: the type name must be a non-empty string');
  }
  if (typeof factory !== 'function') {
    throw new EJSONError('ejson.bad-type-definition', `EJSON.addType: the factory for ${name} must be a function`);
  }
  if (factories.has(name)) throw new EJSONError('ejson.type-exists', `Type ${name} already present`);
  factories.set(name, factory);
}

/** True when `value` is an instance of a registered custom type. */
export function isCustomType(value: unknown): value is EJSONCustomType {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<EJSONCustomType>;
  return typeof candidate.toJSONValue === 'function' && typeof candidate.typeName === 'function' && factories.has(candidate.typeName());
}

/** The factory for `name`, or an `ejson.unknown-type` error. */
export function customTypeFactory(name: string): EJSONTypeFactory {
  const factory = factories.get(name);
  if (factory === undefined) throw new EJSONError('ejson.unknown-type', `Custom EJSON type ${name} is not defined`);
  return factory;
}
