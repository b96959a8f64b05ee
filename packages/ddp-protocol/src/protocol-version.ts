/**
 * DDP versions and negotiation (DDP.md "Establishing a DDP Connection").
 *
 * The wire version stays "1"; what this repository adds on top of DDP.md is tracked by
 * `DDP_SCHEMA_REVISION`, one line per bump:
 *   1 — the messages of DDP.md version "1".
 *   2 — Meteor 3.5 session resumption: `connect.receivedCount` and client `disconnect`.
 * Changing any message schema without bumping the revision fails protocol-version.test.ts.
 */

/** Versions this implementation speaks, most preferred first (Meteor's order). */
export const SUPPORTED_DDP_VERSIONS = ['1', 'pre2', 'pre1'] as const;
export type DdpVersion = (typeof SUPPORTED_DDP_VERSIONS)[number];

export const DDP_SCHEMA_REVISION = 2;

/** Outcome of negotiating a `connect`: speak `version`, or answer `failed` suggesting it. */
export type VersionDecision = { readonly kind: 'accept'; readonly version: DdpVersion } | { readonly kind: 'refuse'; readonly suggest: string };

function isSupported(version: string, supported: readonly string[]): boolean {
  return supported.includes(version);
}

/**
 * The best version both sides speak in the client's order of preference (or the server's
 * first choice when there is none in common); the proposed version is accepted only if it is
 * that best version, as DDP.md requires.
 */
export function negotiateVersion(
  proposed: string,
  clientSupport: readonly string[],
  serverSupport: readonly DdpVersion[] = SUPPORTED_DDP_VERSIONS,
): VersionDecision {
  const best = clientSupport.find((version) => isSupported(version, serverSupport)) ?? serverSupport[0] ?? '1';
  if (proposed === best && isSupported(proposed, serverSupport)) return { kind: 'accept', version: proposed as DdpVersion };
  return { kind: 'refuse', suggest: best };
}
