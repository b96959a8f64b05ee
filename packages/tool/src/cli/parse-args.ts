import { ToolError } from '../tool-error';

export type FlagKind = 'boolean' | 'string' | 'port';

export interface FlagSpec {
  readonly kind: FlagKind;
  /** A string flag given several times collects every value. */
  readonly repeatable?: boolean;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, readonly (string | boolean | number)[]>;
  readonly positionals: readonly string[];
}

/**
 * Parses `--flag`, `--flag value` and `--flag=value` against a command's declared flags.
 * Anything undeclared is a usage error (exit 2), as is a missing or malformed value; `--`
 * ends flag parsing.
 */
export function parseArgs(argv: readonly string[], specs: FlagSpecs, command: string): ParsedArgs {
  const flags = new Map<string, (string | boolean | number)[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.replace(/^--?/, '').slice(0, eq === -1 ? undefined : eq - (arg.startsWith('--') ? 2 : 1));
    const spec = specs[name];
    if (spec === undefined) throw new ToolError('usage.unknownFlag', `Unknown option ${arg.split('=')[0]} for \`meteor ${command}\`.`);
    let raw: string | undefined = eq === -1 ? undefined : arg.slice(eq + 1);
    let value: string | boolean | number;
    if (spec.kind === 'boolean') {
      if (raw !== undefined && raw !== 'true' && raw !== 'false') throw new ToolError('usage.badValue', `--${name} takes no value (got "${raw}").`);
      value = raw !== 'false';
    } else {
      if (raw === undefined) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw new ToolError('usage.missingValue', `--${name} needs a value.`);
        raw = next;
        i++;
      }
      value = spec.kind === 'port' ? parsePort(raw, `--${name}`) : raw;
    }
    const list = flags.get(name) ?? [];
    if (list.length > 0 && spec.repeatable !== true) throw new ToolError('usage.badValue', `--${name} given more than once.`);
    list.push(value);
    flags.set(name, list);
  }
  return { flags, positionals };
}

/** A TCP port 1..65535, written in decimal. */
export function parsePort(raw: string, what: string): number {
  if (!/^\d{1,5}$/.test(raw)) throw new ToolError('usage.badValue', `${what} must be a port number between 1 and 65535 (got "${raw}").`);
  const port = Number(raw);
  if (port < 1 || port > 65535) throw new ToolError('usage.badValue', `${what} must be a port number between 1 and 65535 (got "${raw}").`);
  return port;
}

export function flagBoolean(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name)?.[0] === true;
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name)?.[0];
  return typeof v === 'string' ? v : undefined;
}

export function flagStrings(args: ParsedArgs, name: string): string[] {
  return (args.flags.get(name) ?? []).filter((v): v is string => typeof v === 'string');
}

export function flagPort(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags.get(name)?.[0];
  return typeof v === 'number' ? v : undefined;
}
