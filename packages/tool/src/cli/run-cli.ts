import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactUrlCredentials } from '@perseid/ddp-server/redact-credentials';
import { isToolError, ToolError } from '../tool-error';
import type { CommandName } from './command-table';
import { COMMANDS, generalUsage, isCommandName } from './command-table';
import type { ParsedArgs } from './parse-args';
import { parseArgs } from './parse-args';

export interface CliContext {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly out?: (line: string) => void;
  readonly err?: (line: string) => void;
}

/** Resolved context every command handler receives. */
export interface CommandContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

type Handler = (args: ParsedArgs, ctx: CommandContext) => Promise<number>;

/** Command implementations load lazily, so `meteor --help` never pulls in Vite or esbuild. */
const HANDLERS: Readonly<Record<CommandName, () => Promise<Handler>>> = {
  run: async () => (await import('../commands/run-command')).runCommand,
  test: async () => (await import('../commands/test-command')).testCommand,
  build: async () => (await import('../commands/build-command')).buildCommand,
  reset: async () => (await import('../commands/reset-command')).resetCommand,
  add: async () => (await import('../commands/package-commands')).addCommand,
  remove: async () => (await import('../commands/package-commands')).removeCommand,
  list: async () => (await import('../commands/package-commands')).listCommand,
  shell: async () => (await import('../commands/shell-command')).shellCommand,
  mongo: async () => (await import('../commands/mongo-command')).mongoCommand,
  'add-platform': async () => (await import('../commands/platform-commands')).addPlatformCommand,
  'remove-platform': async () => (await import('../commands/platform-commands')).removePlatformCommand,
  'list-platforms': async () => (await import('../commands/platform-commands')).listPlatformsCommand,
  help: async () => async (args, ctx) => {
    const topic = args.positionals[0];
    if (topic === undefined) ctx.out(generalUsage());
    else if (isCommandName(topic)) ctx.out(COMMANDS[topic].usage);
    else throw new ToolError('usage.unknownCommand', `Unknown command "${topic}".`);
    return 0;
  },
};

/**
 * Entry of the `meteor` bin. Returns the exit code: 0 success, 1 failure, 2 usage error (with
 * the usage printed). Expected failures print their message only; anything else its stack.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  // Every message of every command passes here: a ROOT_URL, MONGO_URL or error text carrying
  // credentials (`https://user:pass@host`) is printed with them blanked, whatever printed it.
  const out = context.out ?? ((line) => console.log(line));
  const err = context.err ?? ((line) => console.error(line));
  const ctx: CommandContext = {
    cwd: context.cwd,
    env: context.env ?? process.env,
    out: (line) => out(redactUrlCredentials(line)),
    err: (line) => err(redactUrlCredentials(line)),
  };
  let command: CommandName = 'run';
  try {
    const first = argv[0];
    let rest = argv;
    if (first === '--version' || first === '-v') {
      ctx.out(versionLine(ctx.cwd));
      return 0;
    }
    if (first === '--help' || first === '-h') {
      ctx.out(generalUsage());
      return 0;
    }
    if (first !== undefined && !first.startsWith('-')) {
      if (!isCommandName(first)) throw new ToolError('usage.unknownCommand', `Unknown command "${first}".`);
      command = first;
      rest = argv.slice(1);
    }
    const info = COMMANDS[command];
    const args = parseArgs(rest, info.flags, command);
    if (args.flags.has('help')) {
      ctx.out(info.usage);
      return 0;
    }
    const handler = await HANDLERS[command]();
    return await handler(args, ctx);
  } catch (error) {
    if (!isToolError(error)) {
      ctx.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
      return 1;
    }
    ctx.err(error.message);
    if (error.exitCode === 2) ctx.err(`\n${error.code === 'usage.unknownCommand' ? generalUsage() : COMMANDS[command].usage}`);
    return error.exitCode;
  }
}

function versionLine(cwd: string): string {
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  let release = '';
  try {
    release = readFileSync(join(cwd, '.meteor', 'release'), 'utf8').trim();
  } catch {
    release = '';
  }
  return `Perseid ${own.version ?? '0.0.0'}${release === '' ? '' : ` (app release: ${release})`}`;
}
