/**
 * Benchmarks open hundreds of sockets from one loopback address in a moment, which the server's
 * per-address connection limits (50 open, 20 new per second) would refuse; they measure other
 * things, so they lift those limits.
 */
export const BENCH_CONNECTION_LIMITS = { maxConnectionsPerAddress: 1_000_000, newConnectionsPerAddress: 1_000_000 } as const;
