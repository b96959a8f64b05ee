/**
 * The message every system fans out: a chat message of ~200 characters plus the writer's send
 * time `t` (ms on the generator's clock), so the generator measures write → delivery latency.
 * Encoded as a DDP `added` frame it is ~290 bytes, the size the benchmark anchors used.
 */
export const TEXT =
  'Perseid fan-out benchmark message: the quick brown fox jumps over the lazy dog while the team ' +
  'discusses the release plan, the on-call rota and the lunch order for Friday afternoon, ok?';

export interface BenchDoc {
  text: string;
  t: number;
}
