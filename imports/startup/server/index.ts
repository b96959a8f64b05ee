import { WebApp } from 'meteor/webapp';

/** Server start-up: app-level HTTP routes and (later) publications and methods. */
export function startServer(): void {
  WebApp.handlers.get('/api/version', (_req, res) => {
    res.json({ app: 'perseid' });
  });
}
