import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { t } from '../common/i18n.js';
import { DomainError, type DomainErrorKind } from '../common/domain-error.js';
import { RedirectRequired } from '../common/redirect.js';
import { forgetRefusedForm, refusedFormFor, type Refusal, type RefusedForm } from './form-page.js';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  bad_request: 400,
  not_found: 404,
  invalid: 422,
  conflict: 409,
  forbidden: 403,
  unavailable: 503,
  rate_limited: 429,
};

/** The error page's title by status: catalog keys (locales/*.json, `errors.title.<status>`). */
const TITLED_STATUSES = new Set([400, 403, 404, 409, 413, 422, 429, 503]);

/** Errors that every path of the host answers (ShopNotFound, ShopUnavailable). */
const DEAD_HOST_CODES = new Set(['shop_not_found', 'shop_unavailable']);

/** Answers JSON to API-like routes and clients that prefer it, HTML pages to everyone else. */
export function wantsJson(req: Request): boolean {
  if (req.path.startsWith('/webhooks/') || req.path === '/healthz' || req.path === '/readyz') return true;
  return req.accepts(['html', 'json']) === 'json';
}

/**
 * The one place where errors become responses. Domain errors map by kind; HTTP exceptions keep
 * their status; anything else is a 500 that is logged with its stack and shown without it.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    if (error instanceof RedirectRequired && !res.headersSent) {
      if (wantsJson(req))
        res.status(401).json({ statusCode: 401, error: 'unauthorized', message: 'Log in first.' });
      else res.redirect(303, error.location);
      return;
    }

    // The page's language (res.locals.lang); English for an error raised before it was chosen.
    const lang = res.locals.lang as string | undefined;
    let status = 500;
    let message = t(lang, 'errors.serverError');
    let code = 'internal_error';
    let body: unknown;
    if (error instanceof DomainError) {
      status = STATUS_BY_KIND[error.kind];
      message = error.localized(lang).message;
      code = error.code;
    } else if (error instanceof HttpException) {
      status = error.getStatus();
      body = error.getResponse();
      code = HttpStatus[status]?.toLowerCase() ?? 'error';
      // Nest's own texts are English ("Cannot GET /x"): the page says ours, by status.
      message =
        status === 404
          ? t(lang, 'errors.notFound')
          : status === 403
            ? t(lang, 'errors.forbidden')
            : status < 500
              ? t(lang, 'errors.badRequest')
              : message;
    } else if ((error as { type?: string })?.type === 'entity.too.large') {
      status = 413;
      message = t(lang, 'errors.tooLarge');
      code = 'too_large';
    }
    if (status >= 500) this.logger.error({ err: error, path: req.path }, 'request failed');

    if (res.headersSent) return;
    res.status(status);
    const retryAfter = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (error instanceof DomainError && typeof retryAfter === 'number' && retryAfter > 0) {
      res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
    }
    // A form page answers HTML whatever the Accept header, as its GET does.
    const form = refusedFormFor(res, error);
    if (form) {
      this.renderForm(host, form, (error as DomainError).localized(lang));
      return;
    }
    if (wantsJson(req)) {
      res.json(
        body && typeof body === 'object' && status !== 500
          ? body
          : { statusCode: status, error: code, message },
      );
      return;
    }
    res.render('errors/error', errorPageModel(res, status, message, code));
  }

  /** A refused submission, translated: its form again, with the values and the errors (form-page.ts). */
  private renderForm(host: ArgumentsHost, form: RefusedForm<Refusal>, refusal: DomainError): void {
    const res = host.switchToHttp().getResponse<Response>();
    const location = form.redirect?.(refusal);
    if (location) return res.redirect(303, location);
    Promise.resolve()
      .then(() => form.model(refusal))
      .then(
        (model) => {
          const status = form.status?.(refusal);
          if (status) res.status(status);
          res.render(form.view, model);
        },
        // Building the page failed (the product was deleted meanwhile): that error's own page.
        (err: unknown) => {
          forgetRefusedForm(res);
          this.catch(err, host);
        },
      );
  }
}

function errorPageModel(res: Response, status: number, message: string, code: string) {
  // An unknown or suspended shop fails on every path of its host, its own "/" included: the
  // page links to the platform instead, and the shop header shows no links.
  const deadHost = DEAD_HOST_CODES.has(code) && typeof res.locals.platformUrl === 'string';
  const lang = res.locals.lang as string | undefined;
  return {
    layout: (res.locals.layout as string | undefined) ?? 'layouts/platform',
    status,
    title: t(
      lang,
      TITLED_STATUSES.has(status)
        ? `errors.title.${status}`
        : status >= 500
          ? 'errors.title.5xx'
          : 'errors.title.other',
    ),
    message,
    deadHost,
    home: deadHost
      ? { href: res.locals.platformUrl as string, label: t(lang, 'errors.toPlatform') }
      : { href: '/', label: t(lang, 'errors.toHome') },
  };
}
