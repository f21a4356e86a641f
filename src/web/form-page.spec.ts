import 'reflect-metadata';
import type { ArgumentsHost } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, message, NotFoundError, ValidationFailed } from '../common/domain-error.js';
import { ErrorFilter } from './error.filter.js';
import { onRefusal } from './form-page.js';

class Throttled extends DomainError {
  readonly kind = 'rate_limited';
  readonly code = 'throttled';
  constructor(readonly retryAfterSeconds: number) {
    super(message('errors.twoFactor.throttled', { count: 2 }));
  }
}

interface Answer {
  status?: number;
  headers: Record<string, string>;
  view?: string;
  model?: Record<string, unknown>;
  location?: string;
}

/** An express response that records what the filter did with it. */
function fakeHttp(lang = 'en') {
  const answer: Answer = { headers: {} };
  let done: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const res = {
    locals: { lang },
    headersSent: false,
    status(code: number) {
      answer.status = code;
      return res;
    },
    setHeader(name: string, value: string) {
      answer.headers[name.toLowerCase()] = value;
      return res;
    },
    render(view: string, model: Record<string, unknown>) {
      Object.assign(answer, { view, model });
      done();
    },
    redirect(code: number, location: string) {
      Object.assign(answer, { status: code, location });
      done();
    },
    json(body: Record<string, unknown>) {
      Object.assign(answer, { model: body });
      done();
    },
  };
  const req = { path: '/signup', accepts: () => 'html' };
  const host = {
    switchToHttp: () => ({ getRequest: () => req as unknown as Request, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  return { res: res as unknown as Response, host, answer, finished, filter: new ErrorFilter() };
}

const signUpForm = (res: Response, submitted: { email: string; password: string }) =>
  onRefusal(res, {
    view: 'pages/auth/signup',
    refusals: [ValidationFailed, Throttled],
    model: (refusal) => ({
      values: { ...submitted, password: undefined },
      errors: refusal instanceof ValidationFailed ? refusal.fields : {},
      formError: refusal instanceof Throttled ? refusal.message : undefined,
    }),
  });

describe('a refused form, rendered by the error filter', () => {
  const filter = new ErrorFilter();

  it('shows the form again, 422, with the submitted values (no password) and the field errors', async () => {
    const { res, host, answer, finished } = fakeHttp();
    signUpForm(res, { email: 'ann@example', password: 'secret secret' });
    filter.catch(new ValidationFailed({ email: message('validation.email') }), host);
    await finished;
    expect(answer).toMatchObject({
      status: 422,
      view: 'pages/auth/signup',
      model: {
        values: { email: 'ann@example', password: undefined },
        errors: { email: 'Enter an email address such as you@example.com.' },
      },
    });
    expect(answer.headers['retry-after']).toBeUndefined();
  });

  it('says the field errors and the form’s message in the page’s language', async () => {
    const invalid = fakeHttp('fr');
    signUpForm(invalid.res, { email: 'ann@example', password: 'secret secret' });
    invalid.filter.catch(new ValidationFailed({ email: message('validation.email') }), invalid.host);
    await invalid.finished;
    expect(invalid.answer.model).toMatchObject({
      errors: { email: 'Saisissez une adresse e-mail comme vous@exemple.fr.' },
    });
    const throttled = fakeHttp('fr');
    signUpForm(throttled.res, { email: 'ann@example.com', password: 'secret secret' });
    throttled.filter.catch(new Throttled(89.2), throttled.host);
    await throttled.finished;
    expect(throttled.answer.model).toMatchObject({
      formError: 'Trop de tentatives. Réessayez dans 2 minutes.',
    });
  });

  it('answers a throttle 429 on the form, with Retry-After in whole seconds', async () => {
    const { res, host, answer, finished } = fakeHttp();
    signUpForm(res, { email: 'ann@example.com', password: 'secret secret' });
    filter.catch(new Throttled(89.2), host);
    await finished;
    expect(answer).toMatchObject({
      status: 429,
      view: 'pages/auth/signup',
      model: {
        formError: 'Too many attempts. Try again in 2 minutes.',
        values: { email: 'ann@example.com' },
      },
    });
    expect(answer.headers['retry-after']).toBe('90');
  });

  it('leaves an error the form does not list to the error page', async () => {
    const { res, host, answer, finished } = fakeHttp();
    signUpForm(res, { email: 'ann@example.com', password: 'secret secret' });
    filter.catch(new NotFoundError(), host);
    await finished;
    expect(answer).toMatchObject({ status: 404, view: 'errors/error' });
  });

  it('shows the error page of what failed while the form was being built again', async () => {
    const { res, host, answer, finished } = fakeHttp();
    onRefusal(res, {
      view: 'pages/dashboard/products/edit',
      model: () =>
        Promise.reject(new NotFoundError('product_not_found', message('errors.catalog.productNotFound'))),
    });
    filter.catch(new ValidationFailed({ name: message('validation.product.nameMissing') }), host);
    await finished;
    expect(answer).toMatchObject({
      status: 404,
      view: 'errors/error',
      model: { message: 'We could not find that product.' },
    });
  });

  it('sends a refusal the form redirects elsewhere with a 303', async () => {
    const { res, host, answer, finished } = fakeHttp();
    onRefusal(res, {
      view: 'pages/account/two-factor-setup',
      refusals: [ValidationFailed, NotFoundError],
      model: () => ({}),
      redirect: (refusal) => (refusal instanceof NotFoundError ? '/account' : undefined),
    });
    filter.catch(new NotFoundError(), host);
    await finished;
    expect(answer).toMatchObject({ status: 303, location: '/account' });
  });

  it('without a form, a throttle is the error page, still with Retry-After', async () => {
    const { host, answer, finished } = fakeHttp();
    filter.catch(new Throttled(30), host);
    await finished;
    expect(answer).toMatchObject({ status: 429, view: 'errors/error' });
    expect(answer.headers['retry-after']).toBe('30');
  });
});
