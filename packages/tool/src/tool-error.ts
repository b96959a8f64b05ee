/**
 * The tool's error catalogue. Every failure the `meteor` command reports to a user carries one
 * of these stable codes, so scripts and tests can match on the code instead of the wording.
 * `exitCode` follows the Unix convention the CLI promises: 2 for usage errors, 1 otherwise.
 */
export const TOOL_ERROR_CODES = {
  'usage.unknownCommand': 2,
  'usage.unknownFlag': 2,
  'usage.missingValue': 2,
  'usage.badValue': 2,
  'usage.unexpectedArgument': 2,
  'settings.missing': 1,
  'settings.invalidJson': 1,
  'settings.notAnObject': 1,
  'packages.unknown': 1,
  'packages.unreadable': 1,
  'shell.unavailable': 1,
  'mongo.unavailable': 1,
  'port.inUse': 1,
  'app.running': 1,
  'app.notFound': 1,
  'app.badConfig': 1,
  'chromium.missing': 1,
  'build.failed': 1,
  'mobileConfig.invalid': 1,
  'cordova.failed': 1,
  'cordova.sdkMissing': 1,
} as const;

export type ToolErrorCode = keyof typeof TOOL_ERROR_CODES;

/**
 * Brand checked by `isToolError`: under tsx a module can be loaded once as CommonJS and once as
 * ESM, giving two `ToolError` classes, so `instanceof` alone is not reliable.
 */
const TOOL_ERROR_BRAND = Symbol.for('perseid.tool.ToolError');

/** An expected, user-facing failure: printed as its message alone, without a stack. */
export class ToolError extends Error {
  readonly [TOOL_ERROR_BRAND] = true;
  readonly code: ToolErrorCode;
  readonly exitCode: number;

  constructor(code: ToolErrorCode, message: string) {
    super(message);
    this.name = 'ToolError';
    this.code = code;
    this.exitCode = TOOL_ERROR_CODES[code];
  }
}

export function isToolError(value: unknown): value is ToolError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[TOOL_ERROR_BRAND] === true && 'code' in value && 'exitCode' in value;
}
