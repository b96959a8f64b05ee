/** `text` as a regular expression that matches it literally (user input inside `$regex` or `RegExp`). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
