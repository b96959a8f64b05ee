/**
 * Which WebSocket upgrades are taken, per client address (Meteor's clientAddress, counted by its
 * addressBlock so an IPv6 host cannot step through its /64): at most `maxConnectionsPerAddress`
 * sockets open at once, and at most `newConnectionsPerAddress` new ones per
 * `newConnectionsIntervalMs`. Without these one address can open thousands of sockets a second,
 * each costing a handshake, a session and its refusals, while every other client waits.
 *
 * The defaults fit a page-reload storm or an office behind one NAT: a tab holds one socket, a
 * reload opens one more before the old one closes.
 *
 * Invariant: a slot taken by `admit` is given back exactly once, when the caller's `release`
 * runs (the caller ties it to the TCP socket's close, which happens whatever the handshake did).
 */
import { RateLimiter } from '@perseid/ddp-rate-limiter';
import { addressBlock } from './address-block';
import { packageLimitsFromSettings } from './package-settings';

export interface ConnectionLimits {
  /** Sockets one client address may hold open at once. */
  maxConnectionsPerAddress: number;
  /** New sockets one client address may open per `newConnectionsIntervalMs`. */
  newConnectionsPerAddress: number;
  /** The window of `newConnectionsPerAddress`, in ms. */
  newConnectionsIntervalMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = Object.freeze({
  maxConnectionsPerAddress: 50,
  newConnectionsPerAddress: 20,
  newConnectionsIntervalMs: 1_000,
});

export type Admission = { state: 'admitted'; release: () => void } | { state: 'refused'; scope: 'concurrent' | 'rate'; retryAfterMs: number };

interface AdmissionInput {
  address: string;
}

/** Clients whose address is unknown (a proxy hop missing) share one key. */
const UNKNOWN_ADDRESS = 'unknown';

export class ConnectionAdmission {
  readonly limits: ConnectionLimits;
  readonly #open = new Map<string, number>();
  readonly #newConnections: RateLimiter<AdmissionInput>;

  constructor(limits: ConnectionLimits, now: () => number) {
    this.limits = limits;
    this.#newConnections = new RateLimiter<AdmissionInput>({ now });
    this.#newConnections.addRule({
      matcher: { address: () => true },
      numRequestsAllowed: limits.newConnectionsPerAddress,
      intervalMs: limits.newConnectionsIntervalMs,
    });
  }

  /** Takes a slot for one new socket from `clientAddress`, or says why not. */
  admit(clientAddress: string | null): Admission {
    const address = addressBlock(clientAddress) ?? UNKNOWN_ADDRESS;
    const open = this.#open.get(address) ?? 0;
    if (open >= this.limits.maxConnectionsPerAddress) {
      // A socket closing frees a slot; a second is a polite hint, not a promise.
      return { state: 'refused', scope: 'concurrent', retryAfterMs: 1_000 };
    }
    // Refused upgrades count too: hammering the limit does not earn new sockets.
    const reply = this.#newConnections.consume({ address });
    if (!reply.allowed) return { state: 'refused', scope: 'rate', retryAfterMs: reply.timeToReset };
    this.#open.set(address, open + 1);
    let state: 'held' | 'released' = 'held';
    return {
      state: 'admitted',
      release: () => {
        if (state === 'released') return;
        state = 'released';
        const left = (this.#open.get(address) ?? 1) - 1;
        if (left <= 0) this.#open.delete(address);
        else this.#open.set(address, left);
      },
    };
  }

  /** Open sockets counted against `clientAddress`'s block. */
  openFor(clientAddress: string | null): number {
    return this.#open.get(addressBlock(clientAddress) ?? UNKNOWN_ADDRESS) ?? 0;
  }
}

/** `maxConnectionsPerAddress`, `newConnectionsPerAddress`, `newConnectionsIntervalMs` from `Meteor.settings.packages['ddp-server']`. */
export function connectionLimitsFromSettings(settings: unknown): Partial<ConnectionLimits> {
  return packageLimitsFromSettings(settings, DEFAULT_CONNECTION_LIMITS);
}
