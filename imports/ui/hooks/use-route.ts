import { useEffect, useState } from 'react';

/** A channel, optionally opened at one message (`#/c/<channel>/m/<message>`, a shareable link). */
export type Route =
  | { kind: 'channel'; channelId: string; messageId: string | null }
  | { kind: 'reset-password'; token: string }
  /** An invite link (`#/invite/<token>`): sign up through it. */
  | { kind: 'invite'; token: string }
  | { kind: 'home' };

export function parseRoute(hash: string): Route {
  const channel = /^#\/c\/([A-Za-z0-9:_-]+)(?:\/m\/([A-Za-z0-9:_-]+))?$/.exec(hash);
  if (channel?.[1] !== undefined) return { kind: 'channel', channelId: channel[1], messageId: channel[2] ?? null };
  const reset = /^#\/reset-password\/([A-Za-z0-9_-]+)$/.exec(hash);
  if (reset?.[1] !== undefined) return { kind: 'reset-password', token: reset[1] };
  const invite = /^#\/invite\/([A-Za-z0-9_-]{20,64})$/.exec(hash);
  if (invite?.[1] !== undefined) return { kind: 'invite', token: invite[1] };
  return { kind: 'home' };
}

/** The location hash as a route; links keep working across reloads and in new tabs. */
export function useRoute(): [Route, (hash: string) => void] {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return [route, (hash) => (location.hash = hash)];
}
