import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { NotFoundError } from '../common/domain-error.js';
import { OrderListQuery } from '../orders/dto/order-queries.dto.js';
import { encodeCursor } from '../orders/order-list.js';
import { InvalidQuery, isCalendarDay, QueryDay, QueryInt, QueryText } from './query-params.js';
import { InvalidBody, PatternParam, RequestValidationPipe, UuidParam } from './validation.pipe.js';

class ListQuery {
  @QueryInt({ max: 100 }) page?: number;
  @QueryText(10) q?: string;
  @QueryDay() from?: string;
}

class Form {
  @IsOptional() @IsString() name?: string;
}

const pipe = new RequestValidationPipe();
const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });
const parse = (value: Record<string, unknown>) => pipe.transform(value, query(ListQuery));

describe('RequestValidationPipe on queries', () => {
  it('converts declared values, treats an empty value as absent and drops undeclared names', async () => {
    await expect(parse({ page: '7', q: '', from: '2024-02-29', utm_source: 'x' })).resolves.toEqual(
      Object.assign(new ListQuery(), { page: 7, q: undefined, from: '2024-02-29' }),
    );
  });

  it.each([
    ['a huge number', { page: '99999999999999999999' }],
    ['out of range', { page: '101' }],
    ['zero', { page: '0' }],
    ['a sign', { page: '+1' }],
    ['an exponent', { page: '1e2' }],
    ['a repeated name', { page: ['1', '2'] }],
    ['the bracket form', { 'page[]': ['1', '2'] }],
    ['too long', { q: 'x'.repeat(11) }],
    ['a NUL', { q: 'a\u0000b' }],
    ['a day that does not exist', { from: '2023-02-29' }],
  ])('%s is an InvalidQuery (400) naming the parameter', async (_label, value) => {
    const err: unknown = await parse(value).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidQuery);
    expect((err as InvalidQuery).kind).toBe('bad_request');
    expect((err as InvalidQuery).message).toMatch(/\((page|q|from)\)/);
  });

  it('refuses a body that does not fit with a 400 and our message per field, in the reader’s language', async () => {
    const err: unknown = await pipe
      .transform({ name: ['a', 'b'] }, { type: 'body', metatype: Form })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidBody);
    const refused = err as InvalidBody;
    expect(refused.kind).toBe('bad_request');
    expect(refused.fields).toEqual({ name: 'Enter text here.' });
    expect(refused.localized('fr').fields).toEqual({ name: 'Saisissez du texte ici.' });
    expect(refused.message).not.toMatch(/must be/);
  });

  it('the orders cursor is accepted only as the app writes it', async () => {
    const id = '0b6c2f8e-3f7a-4d2b-9a51-2f1b8f4f3c11';
    const good = encodeCursor('2026-03-01T10:11:12.123456Z', id);
    const orders = (after: string) => pipe.transform({ after }, query(OrderListQuery));
    await expect(orders(good)).resolves.toMatchObject({ after: good });
    for (const text of [
      '2020',
      '2026-02-30T10:11:12.123456Z',
      '2026-03-01T10:11:12Z',
      '1969-12-31T23:59:59.000000Z',
    ])
      await expect(orders(Buffer.from(`${text}|${id}`).toString('base64url'))).rejects.toBeInstanceOf(
        InvalidQuery,
      );
    await expect(orders(encodeCursor('2026-03-01T10:11:12.123456Z', 'nope'))).rejects.toBeInstanceOf(
      InvalidQuery,
    );
  });
});

describe('path parameter pipes', () => {
  it('a malformed id is a NotFoundError (404), a well-formed one passes', async () => {
    const meta: ArgumentMetadata = { type: 'param', data: 'id' };
    await expect(UuidParam.transform('0b6c2f8e-3f7a-4d2b-9a51-2f1b8f4f3c11', meta)).resolves.toBe(
      '0b6c2f8e-3f7a-4d2b-9a51-2f1b8f4f3c11',
    );
    for (const bad of ['1', '99999999999999999999', '<script>', 'a\u0000b'])
      await expect(UuidParam.transform(bad, meta)).rejects.toBeInstanceOf(NotFoundError);
    expect(() => PatternParam(/^evt_\w+$/).transform('evt_1\u0000', meta)).toThrow(NotFoundError);
  });
});

describe('isCalendarDay', () => {
  it('accepts real days since 1970 only', () => {
    expect(['2024-02-29', '1970-01-01', '2099-12-31'].every(isCalendarDay)).toBe(true);
    expect(['2023-02-29', '2024-13-01', '2024-1-01', '1969-12-31', '20240101'].some(isCalendarDay)).toBe(
      false,
    );
  });
});
