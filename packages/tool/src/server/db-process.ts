/**
 * Entry of the development database child process: minimongod with data on disk, kept alive
 * across server restarts. Reports `{ type: 'ready', url }` or `{ type: 'error', message }`.
 * Config comes as JSON in `PERSEID_DB`: `{ port, dbPath }`.
 */
const config = JSON.parse(process.env['PERSEID_DB'] ?? '{}') as { port?: unknown; dbPath?: unknown };

try {
  const mod = (await import('@perseid/minimongod')) as Record<string, unknown>;
  const start = mod['startMinimongod'];
  if (typeof start !== 'function') throw new Error('@perseid/minimongod does not export startMinimongod yet');
  const db = await (start as (o: object) => Promise<{ url: string; stop(): Promise<void> | void }>)({
    port: typeof config.port === 'number' ? config.port : 0,
    host: '127.0.0.1',
    dbPath: typeof config.dbPath === 'string' ? config.dbPath : undefined,
    quiet: true,
  });
  process.send?.({ type: 'ready', url: db.url });
  const shutdown = (): void => {
    void Promise.resolve(db.stop()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.on('disconnect', shutdown);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const inUse = /EADDRINUSE/.test(message);
  process.send?.({ type: 'error', code: inUse ? 'port.inUse' : 'db.failed', message });
  process.exit(1);
}
