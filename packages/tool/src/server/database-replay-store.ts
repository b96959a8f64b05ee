/**
 * With a database (MONGO_URL), the app server keeps its method replay log there instead of in
 * its memory, so every app server behind a balancer recognises a call a client replays from its
 * durable outbox: the call runs once whichever server the replay reaches (see @perseid/mongo's
 * MongoMethodReplayStore). Feature-detected like the rest of the boot: without the packages,
 * without MONGO_URL, or with PERSEID_METHOD_REPLAYS=memory, the DDP server keeps its in-memory log.
 */
export async function keepMethodReplaysInDatabase(env: NodeJS.ProcessEnv): Promise<(() => Promise<void>) | undefined> {
  const url = env['MONGO_URL'];
  if (url === undefined || url === '') return undefined;
  // A deployment of one app server loses nothing with the memory log and saves the database
  // round trip each signed-in call's claim costs before it runs.
  if (env['PERSEID_METHOD_REPLAYS'] === 'memory') return undefined;
  const ddp = (await import('@perseid/ddp-server')) as Record<string, unknown>;
  const server = ddp['server'] as { setMethodReplayStore?: unknown; methodReplays?: { windowMs?: unknown } } | undefined;
  if (server === undefined || typeof server.setMethodReplayStore !== 'function') return undefined;
  const mongo = (await import('@perseid/mongo')) as Record<string, unknown>;
  const Store = mongo['MongoMethodReplayStore'] as (new (driver: unknown, options: { windowMs?: number }) => { stop(): void }) | undefined;
  const internals = mongo['MongoInternals'] as { defaultRemoteCollectionDriver?: unknown } | undefined;
  const driverOf = internals?.defaultRemoteCollectionDriver;
  if (typeof Store !== 'function' || typeof driverOf !== 'function') return undefined;
  // The window set for the memory log (`methodReplayWindowMs`) applies to the shared one too.
  const windowMs = server.methodReplays?.windowMs;
  const store = new Store((driverOf as () => unknown)(), typeof windowMs === 'number' ? { windowMs } : {});
  (server.setMethodReplayStore as (store: unknown) => void).call(server, store);
  return async () => store.stop();
}
