import { useState } from 'react';

/** Shared by the side panels: run an action, show its refusal inline. */
export function reasonOf(error: unknown): string {
  const reason = (error as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : 'That did not work';
}

export function useAction(): [string | null, (run: () => Promise<unknown>) => void] {
  const [error, setError] = useState<string | null>(null);
  return [
    error,
    (run) => {
      setError(null);
      run().catch((e: unknown) => setError(reasonOf(e)));
    },
  ];
}

export function ErrorLine({ error }: { readonly error: string | null }) {
  return error === null ? null : (
    <p className="form-error" role="alert">
      {error}
    </p>
  );
}

export function toSlug(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9_-]/g, '')
    .slice(0, 40);
}
