/**
 * Placeholder page until the chat UI lands: proves the client pipeline (React, root-relative
 * imports, runtime config) end to end.
 */
export function HelloPage({ rootUrl }: { rootUrl: string }) {
  return (
    <main>
      <h1>Perseid</h1>
      <p data-testid="root-url">Served from {rootUrl}</p>
    </main>
  );
}
