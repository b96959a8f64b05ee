/**
 * `MONGO_URL` with its database name replaced, so `meteor test` against a user's MongoDB never
 * touches the app's own data: `mongodb://h:1/app?x=1` → `mongodb://h:1/<name>?x=1`.
 */
export function throwawayDatabaseUrl(mongoUrl: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/.exec(mongoUrl);
  if (match === null) throw new Error(`MONGO_URL is not a mongodb:// URL: ${mongoUrl}`);
  return `${match[1]}/${name}${match[3] ?? ''}`;
}
