import { readFileSync, writeFileSync } from 'node:fs';
import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';
import { ToolError } from '../tool-error';
import { KNOWN_PACKAGES, meteorPackagesFile } from '../app/meteor-packages';
import { addPackages, packageEntries, packageSummary, removePackages } from '../app/meteor-packages-file';

function readPackagesText(cwd: string): string {
  const file = meteorPackagesFile(cwd);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ToolError('app.notFound', `${file} not found: run this command in a Meteor app's directory.`);
  }
}

function needNames(command: string, positionals: readonly string[]): void {
  if (positionals.length === 0) throw new ToolError('usage.missingValue', `\`meteor ${command}\` needs at least one package name.`);
}

/** `meteor add name[@version]...`: records core packages in `.meteor/packages`, refusing the rest. */
export async function addCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  needNames('add', args.positionals);
  const { text, outcomes } = addPackages(readPackagesText(ctx.cwd), args.positionals);
  writeFileSync(meteorPackagesFile(ctx.cwd), text);
  for (const outcome of outcomes) {
    switch (outcome.kind) {
      case 'added': {
        const kind = KNOWN_PACKAGES.get(outcome.name);
        ctx.out(`${outcome.name}: ${packageSummary(outcome.name)}`);
        if (kind?.kind === 'build-only') ctx.out(`   (accepted as a no-op: ${kind.reason})`);
        break;
      }
      case 'already-added':
        ctx.out(
          outcome.constraint === undefined
            ? `${outcome.name} without a version constraint has already been added.`
            : `${outcome.name} with version constraint ${outcome.constraint} has already been added.`,
        );
        break;
      case 'constraint-changed':
        ctx.out(
          `Currently using ${outcome.name} ${outcome.from === undefined ? 'without any version constraint' : `with version constraint ${outcome.from}`}.`,
        );
        ctx.out(`The version constraint will be ${outcome.to === undefined ? 'removed' : `changed to ${outcome.to}`}.`);
        break;
      default:
        return outcome satisfies never;
    }
  }
  return 0;
}

/** `meteor remove name...`: drops the packages from `.meteor/packages`. */
export async function removeCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  needNames('remove', args.positionals);
  const { text, removed, missing } = removePackages(readPackagesText(ctx.cwd), args.positionals);
  writeFileSync(meteorPackagesFile(ctx.cwd), text);
  for (const name of missing) ctx.err(`${name} is not in this project.`);
  for (const name of removed) ctx.out(`${name}: removed dependency`);
  return 0;
}

/** `meteor list`: the packages of `.meteor/packages`, sorted, with their constraint and summary. */
export async function listCommand(_args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const entries = packageEntries(readPackagesText(ctx.cwd)).sort((a, b) => a.name.localeCompare(b.name));
  const nameWidth = Math.max(0, ...entries.map((e) => e.name.length));
  const versionWidth = Math.max(0, ...entries.map((e) => (e.constraint ?? '').length));
  for (const entry of entries) {
    const kind = KNOWN_PACKAGES.get(entry.name);
    const note =
      kind === undefined
        ? 'not supported by Perseid'
        : kind.kind === 'refused'
          ? `not supported: ${kind.reason}`
          : kind.kind === 'build-only'
            ? `${kind.summary} (no-op here)`
            : kind.summary;
    const columns = [entry.name.padEnd(nameWidth), ...(versionWidth > 0 ? [(entry.constraint ?? '').padEnd(versionWidth)] : []), note];
    ctx.out(columns.join('  '));
  }
  if (entries.length === 0) ctx.out('This project has no packages in .meteor/packages.');
  return 0;
}
