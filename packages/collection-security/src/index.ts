export { AllowDenyRules, ALLOWED_UPDATE_OPERATORS, idFromSelector, modifiedFieldNames, securityErrors } from './allow-deny';
export type { AllowDenyOptions, Doc, InsertValidator, RemoveValidator, UpdateValidator } from './allow-deny';
export { attachSchema, schemaOf } from './attach-schema';
export type { SchemaWritableCollection } from './attach-schema';
export { SchemaGuard, validationError } from './schema-guard';
export type { SchemaViolation, WriteDocument } from './schema-guard';
export { defineMethod, installMethodHost, resetDefinedMethodsForTests } from './define-method';
export type { DefinedMethod, MethodArgs, MethodContext, MethodHost, MethodResult, MethodSpec } from './define-method';
export { ArgumentChecker, markArgumentChecked, runWithArgumentAudit, withArgumentAudit } from './argument-audit';
