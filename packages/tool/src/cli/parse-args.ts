import { parseArgs as nodeParseArgs } from 'node:util';
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
 * Parses `--flag`, `--flag value` and `--flag=value` against a command's declared flags, with
 * Node's `util.parseArgs` splitting the command line. Anything undeclared is a usage error
 * (exit 2), as is a missing or malformed value; `--` ends flag parsing.
 */
export function parseArgs(argv: readonly string[], specs: FlagSpecs, command: string): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, { type: spec.kind === 'boolean' ? ('boolean' as const) : ('string' as const) }]),
  );
  // Not strict: the checks below give the tool's own messages and codes, and accept Meteor's
  // `--flag=true|false` spelling of booleans.
  const { tokens } = nodeParseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const flags = new Map<string, (string | boolean | number)[]>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const { name, rawName } = token;
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) throw new ToolError('usage.unknownFlag', `Unknown option ${rawName} for \`meteor ${command}\`.`);
    let value: string | boolean | number;
    if (spec.kind === 'boolean') {
      const raw = token.value;
      if (raw !== undefined && raw !== 'true' && raw !== 'false') throw new ToolError('usage.badValue', `--${name} takes no value (got "${raw}").`);
      value = raw !== 'false';
    } else {
      const raw = token.value;
      if (raw === undefined || (token.inlineValue !== true && raw.startsWith('--'))) throw new ToolError('usage.missingValue', `--${name} needs a value.`);
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
