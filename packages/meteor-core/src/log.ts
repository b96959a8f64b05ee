/**
 * Meteor's `Log` (the `logging` package): `Log(x)` / `Log.info|warn|error|debug(x)` with a
 * string or an object of fields, printed one line per call. A line is either JSON (for a
 * process that collects logs) or Meteor's text form:
 *
 *   I20261207-14:03:05.123(0)? (imports/api/x.ts:12) message {"other":"fields"}
 *   │└ date ─┘ └─ time ───┘└utc offset, hours └ source, when given
 *   └ level initial                          └ "?" when the time is inexact (parsed from text)
 *
 * The clock and the printer are passed in (createLog); `Log` is the process's instance.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  time?: Date;
  timeInexact?: boolean;
  level?: LogLevel;
  file?: string;
  line?: number;
  app?: string;
  originApp?: string;
  message?: string;
  program?: string;
  satellite?: string;
  stderr?: boolean;
  [field: string]: unknown;
}

export type LogOutputFormat = 'json' | 'colored-text';

export interface LogDeps {
  readonly now: () => Date;
  /** Prints one finished line at a level (the console, or a test's list). */
  readonly print: (level: LogLevel, line: string) => void;
  readonly outputFormat: LogOutputFormat;
  /** Whether text lines get ANSI colours (a terminal). */
  readonly color: boolean;
}

export interface LogApi {
  (value: unknown): void;
  debug(value: unknown): void;
  info(value: unknown): void;
  warn(value: unknown): void;
  error(value: unknown): void;
  outputFormat: LogOutputFormat;
  format(record: LogRecord, options?: { color?: boolean }): string;
  parse(line: string): LogRecord | null;
  objFromText(line: string, override?: LogRecord): LogRecord;
  /** Tests: the next `count` lines go to a list instead of the printer. */
  _intercept(count: number): void;
  _intercepted(): string[];
  /** Tests: drop the next `count` lines. */
  _suppress(count: number): void;
}

/** Fields the logger sets itself; a caller's record may not carry them. */
const RESERVED = ['time', 'timeInexact', 'level', 'program', 'originApp', 'satellite', 'stderr'] as const;
const ORDERED = new Set<string>([...RESERVED, 'file', 'line', 'app', 'message']);
const LEVEL_COLOR: Record<LogLevel, number> = { debug: 34, info: 32, warn: 35, error: 31 };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function recordOf(value: unknown, level: LogLevel, time: Date): LogRecord {
  if (typeof value !== 'object' || value === null || value instanceof Date || value instanceof RegExp || Array.isArray(value)) {
    return { message: String(value), time, level };
  }
  const given = value as Record<string, unknown>;
  for (const key of RESERVED) {
    if (key in given) throw new Error(`Can't set '${key}' in a log message`);
  }
  return { ...given, time, level };
}

export function formatLogRecord(record: LogRecord, options: { color?: boolean } = {}): string {
  const time = record.time instanceof Date ? record.time : new Date();
  const level = record.level ?? 'info';
  const offsetHours = -time.getTimezoneOffset() / 60;
  const stamp = `${pad(time.getFullYear(), 4)}${pad(time.getMonth() + 1)}${pad(time.getDate())}-${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${pad(time.getMilliseconds(), 3)}`;
  const meta = `${level.charAt(0).toUpperCase()}${stamp}(${offsetHours})${record.timeInexact === true ? '?' : ' '}`;
  const app =
    record.app !== undefined ? `${record.app}${record.originApp !== undefined && record.originApp !== record.app ? ` via ${record.originApp}` : ''} ` : '';
  const source =
    record.file !== undefined
      ? `(${record.program !== undefined ? `${record.program}:` : ''}${record.file}${record.line !== undefined ? `:${record.line}` : ''}) `
      : '';
  const rest = Object.fromEntries(Object.entries(record).filter(([key]) => !ORDERED.has(key)));
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  const text = `${record.stderr === true ? '(STDERR) ' : ''}${record.message ?? ''}${extra}`;
  if (options.color !== true) return `${meta}${app}${source}${text}`;
  return `\u001b[90m${meta}${app}${source}\u001b[0m\u001b[${LEVEL_COLOR[level]}m${text}\u001b[0m`;
}

export function createLog(deps: LogDeps): LogApi {
  let intercept = 0;
  let suppress = 0;
  let intercepted: string[] = [];
  const emit = (level: LogLevel, value: unknown): void => {
    const record = recordOf(value, level, deps.now());
    if (suppress > 0) {
      suppress -= 1;
      return;
    }
    if (intercept > 0) {
      intercept -= 1;
      intercepted.push(JSON.stringify(record));
      return;
    }
    deps.print(level, log.outputFormat === 'json' ? JSON.stringify(record) : formatLogRecord(record, { color: deps.color }));
  };
  const log = ((value: unknown) => emit('info', value)) as LogApi;
  log.debug = (value) => emit('debug', value);
  log.info = (value) => emit('info', value);
  log.warn = (value) => emit('warn', value);
  log.error = (value) => emit('error', value);
  log.outputFormat = deps.outputFormat;
  log.format = formatLogRecord;
  log.parse = (line) => {
    if (!line.startsWith('{')) return null;
    try {
      const parsed = JSON.parse(line) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
      const record = parsed as LogRecord & { time?: unknown };
      return typeof record.time === 'string' ? { ...record, time: new Date(record.time) } : record;
    } catch {
      return null;
    }
  };
  log.objFromText = (line, override = {}) => ({ message: line, level: 'info', time: deps.now(), timeInexact: true, ...override });
  log._intercept = (count) => {
    intercept += count;
  };
  log._intercepted = () => {
    const lines = intercepted;
    intercepted = [];
    return lines;
  };
  log._suppress = (count) => {
    suppress += count;
  };
  return log;
}

const onServer = typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof window === 'undefined';

/** The process's `Log`: text lines to the console (coloured on a terminal), errors to stderr. */
export const Log: LogApi = createLog({
  now: () => new Date(),
  print: (level, line) => (level === 'error' ? console.error(line) : level === 'warn' ? console.warn(line) : console.log(line)),
  outputFormat: 'colored-text',
  color: onServer && process.stdout?.isTTY === true,
});
