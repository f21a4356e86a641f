import type { NextFunction, Request, Response } from 'express';
import { InvalidQuery } from './query-params.js';

/**
 * A URL whose percent-encoding does not decode (`%ff`, a lone `%`) is a bad request, whether in
 * the path or the query. Express would decode path parameters lazily and the query parser would
 * quietly turn the bytes into U+FFFD; checking once, up front, gives every route the same 400.
 */
export function rejectMalformedUrl(req: Request, _res: Response, next: NextFunction): void {
  try {
    decodeURIComponent(req.url);
  } catch {
    return next(new InvalidQuery([]));
  }
  next();
}
