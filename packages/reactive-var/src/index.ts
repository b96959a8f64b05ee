export { ReactiveVar, isEqualPrimitive, type EqualsFunction } from './reactive-var';
