export { AllowDenyRules, ALLOWED_UPDATE_OPERATORS, idFromSelector, modifiedFieldNames, securityErrors } from './allow-deny';
export type { AllowDenyOptions, Doc, InsertValidator, RemoveValidator, UpdateValidator } from './allow-deny';
export { attachSchema, schemaOf } from './attach-schema';
export type { SchemaWritableCollection } from './attach-schema';
export { parseArgumentObject } from './argument-object';
export { SchemaGuard, validationError } from './schema-guard';
export type { SchemaViolation, WriteDocument } from './schema-guard';
export { defineMethod, installMethodHost } from './define-method';
export type { DefinedMethod, MethodArgs, MethodContext, MethodHost, MethodResult, MethodSpec } from './define-method';
export {
  auditedMethods,
  enableArgumentAuditPackage,
  markArgumentChecked,
  runWithArgumentAudit,
  shouldAuditArgumentChecks,
  withArgumentAudit,
} from './argument-audit';
export { mutationMethods } from './mutation-methods';
export type { MutableCollection, MutationMethod, MutationMethodContext } from './mutation-methods';
export { CollectionSecurity } from './collection-security';
export type { MutationMethodRegistrar, SecuredCollectionOptions } from './collection-security';
export { allowWrites, denyWrites, installCollectionSecurity, isCollectionSecurityInstalled, registerServerCollection } from './server-collection-security';
export { enableInsecurePackage, INSECURE_WARNING, isInsecureEnabled } from './insecure-package';
