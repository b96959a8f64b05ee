import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';

/** The only statuses the error pages name; anything else a handler throws becomes a 500. */
const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad request',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  500: 'Internal server error',
};

export type ErrorLogger = (message: string, error: unknown) => void;

/**
 * Sends an error in the shape the client asked for: JSON `{ error, reason }` when it accepts
 * JSON rather than HTML, else a small HTML page. Neither ever includes a stack or message from
 * the thrown error.
 */
export function sendError(req: Request, res: Response, status: number): void {
  const reason = REASONS[status] ?? REASONS[500] ?? 'Internal server error';
  res.status(status);
  res.setHeader('Cache-Control', 'no-store');
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({ error: status, reason });
    return;
  }
  res
    .type('html')
    .send(
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${status} ${reason}</title></head>` +
        `<body><h1>${status}</h1><p>${reason}</p></body></html>`,
    );
}

export function notFoundHandler(): RequestHandler {
  return (req, res) => sendError(req, res, 404);
}

/**
 * Last handler in the chain: client errors that Express middleware flag with a 4xx `status`
 * (bad JSON body, payload too large) keep their status; anything else is logged here with its
 * stack and answered as a bare 500.
 */
export function errorHandler(log: ErrorLogger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      log(`Error after the response started (${req.method} ${req.originalUrl})`, error);
      next(error);
      return;
    }
    const status = clientErrorStatus(error);
    if (status === undefined) {
      log(`Unhandled error in ${req.method} ${req.originalUrl}`, error);
      sendError(req, res, 500);
      return;
    }
    sendError(req, res, status);
  };
}

function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as Record<string, unknown>;
  const status = record['status'] ?? record['statusCode'];
  return typeof status === 'number' && status >= 400 && status < 500 && REASONS[status] !== undefined ? status : undefined;
}
