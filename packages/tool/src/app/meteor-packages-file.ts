import { ToolError } from '../tool-error';
import { KNOWN_PACKAGES, parsePackageEntry, refusalOf } from './meteor-packages';

/**
 * Edits of `.meteor/packages` text as `meteor add` / `meteor remove` make them: comments, blank
 * lines and the other entries stay as they are; a new entry goes at the end.
 */

export interface PackageEntry {
  readonly name: string;
  readonly constraint: string | undefined;
  /** Index of its line in the text. */
  readonly line: number;
}

export function packageEntries(text: string): PackageEntry[] {
  const entries: PackageEntry[] = [];
  splitLines(text).forEach((line, index) => {
    const parsed = parsePackageEntry(line.replace(/#.*/, '').trim());
    if (parsed !== null) entries.push({ ...parsed, line: index });
  });
  return entries;
}

/** What `meteor add` did with one requested package. */
export type AddOutcome =
  | { readonly kind: 'added'; readonly name: string }
  | { readonly kind: 'constraint-changed'; readonly name: string; readonly from: string | undefined; readonly to: string | undefined }
  | { readonly kind: 'already-added'; readonly name: string; readonly constraint: string | undefined };

/**
 * Adds `requests` (`name` or `name@constraint`). Every request is checked first: one refused or
 * malformed name fails the whole command with each problem listed, and nothing is written.
 */
export function addPackages(text: string, requests: readonly string[]): { text: string; outcomes: AddOutcome[] } {
  const problems: string[] = [];
  const parsed = requests.map((request) => {
    const entry = parsePackageEntry(request);
    if (entry === null) problems.push(`"${request}" is not a package name (expected name or name@version)`);
    else {
      const refusal = refusalOf(entry.name);
      if (refusal !== undefined) problems.push(refusal);
    }
    return entry;
  });
  if (problems.length > 0) throw new ToolError('packages.unknown', problems.join('\n'));
  const lines = splitLines(text);
  const outcomes: AddOutcome[] = [];
  for (const entry of parsed) {
    if (entry === null) continue;
    const existing = packageEntries(lines.join('\n')).find((e) => e.name === entry.name);
    const spelled = entry.constraint === undefined ? entry.name : `${entry.name}@${entry.constraint}`;
    if (existing === undefined) {
      lines.push(spelled);
      outcomes.push({ kind: 'added', name: entry.name });
    } else if (existing.constraint === entry.constraint) {
      outcomes.push({ kind: 'already-added', name: entry.name, constraint: entry.constraint });
    } else {
      const old = lines[existing.line] ?? '';
      const comment = old.includes('#') ? old.slice(old.indexOf('#')) : '';
      lines[existing.line] = comment === '' ? spelled : `${spelled.padEnd(Math.max(spelled.length + 1, old.indexOf('#')))}${comment}`;
      outcomes.push({ kind: 'constraint-changed', name: entry.name, from: existing.constraint, to: entry.constraint });
    }
  }
  return { text: joinLines(lines), outcomes };
}

/** Removes the entries of `names`; returns those that were not in the file. */
export function removePackages(text: string, names: readonly string[]): { text: string; removed: string[]; missing: string[] } {
  const entries = packageEntries(text);
  const drop = new Set<number>();
  const removed: string[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const found = entries.filter((e) => e.name === name);
    if (found.length === 0) missing.push(name);
    else {
      removed.push(name);
      for (const e of found) drop.add(e.line);
    }
  }
  return { text: joinLines(splitLines(text).filter((_, i) => !drop.has(i))), removed, missing };
}

export function packageSummary(name: string): string {
  return KNOWN_PACKAGES.get(name)?.summary ?? '';
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
