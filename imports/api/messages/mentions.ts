const MENTION = /(?:^|[^\w@])@([a-zA-Z0-9._-]{1,40})/g;

/** The lower-cased usernames a message mentions (`@name`), each once. */
export function mentionedUsernames(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    const name = match[1];
    if (name !== undefined) names.add(name.replace(/[._-]+$/, '').toLowerCase());
  }
  return [...names];
}
