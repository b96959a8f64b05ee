import { useEffect, useState } from 'react';
import { Meteor } from 'meteor/meteor';

/** The server's host, as the person would recognise it (the DDP URL a phone build points at). */
function serverHost(): string {
  const config = (globalThis as { __meteor_runtime_config__?: { DDP_DEFAULT_CONNECTION_URL?: unknown } }).__meteor_runtime_config__;
  const url = typeof config?.DDP_DEFAULT_CONNECTION_URL === 'string' ? config.DDP_DEFAULT_CONNECTION_URL : Meteor.absoluteUrl();
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Shown instead of the app while its server has never been reached: what is wrong, and a retry. */
export function UnreachableScreen({ retryAt }: { readonly retryAt: number | null }) {
  // The countdown ticks on its own: the connection status changes only when an attempt starts.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (retryAt === null) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [retryAt]);
  const retryInSeconds = retryAt === null ? null : Math.max(0, Math.ceil((retryAt - now) / 1000));
  return (
    <main className="unreachable" aria-labelledby="unreachable-title">
      <div className="unreachable-card">
        <span className="brand-mark" aria-hidden="true">
          ✦
        </span>
        <h1 id="unreachable-title">Can’t reach Perseid</h1>
        <p className="muted">
          The server at <strong>{serverHost()}</strong> does not answer. Check your connection; Perseid keeps trying by itself.
        </p>
        <p className="muted" role="status">
          {retryInSeconds === null ? 'Trying again…' : `Trying again in ${retryInSeconds}s.`}
        </p>
        <button type="button" className="btn btn-primary btn-block" onClick={() => Meteor.reconnect()}>
          Try again now
        </button>
      </div>
    </main>
  );
}
