/** A duration for the chat benches' tables: two decimals under 10 ms, one above. */
export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}
