export { EJSON } from './ejson';
export { ObjectID } from './object-id';
export { EJSONError, type EJSONErrorCode } from './ejson-error';
export type { EJSONCustomType, EJSONTypeFactory } from './custom-type';
export type { EqualsOptions } from './equals';
export type { StringifyOptions } from './canonical-stringify';
export type { JSONValue } from './json-value-types';
export { MAX_EJSON_DEPTH, jsonTextExceedsDepth, tooDeep } from './nesting-depth';
