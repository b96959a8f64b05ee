export { startMinimongod } from './minimongod-server';
export type { MinimongodHandle, MinimongodOptions } from './minimongod-server';
export { ERROR_CODES } from './errors';
export type { ErrorCodeName } from './errors';
export { DEFAULT_HISTORY_LIMIT } from './oplog';
