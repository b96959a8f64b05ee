export interface Counted {
  count(): number;
}

export enum Plural {
  One = 'signature',
  Many = 'signatures',
}

export function formatCount(n: number): string {
  return `${n} ${n === 1 ? Plural.One : Plural.Many}`;
}
