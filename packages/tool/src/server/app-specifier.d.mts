export interface AliasRule {
  readonly find: string;
  readonly replacement: string;
}
export function appSpecifierPath(root: string, aliases: readonly AliasRule[], specifier: string): string | undefined;
export function appSpecifierUrl(root: string, aliases: readonly AliasRule[], specifier: string): string | undefined;
