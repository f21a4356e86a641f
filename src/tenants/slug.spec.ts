import { translate } from '../common/domain-error.js';
import { normalizeSlug, slugProblem, suggestSlug } from './slug.js';

describe('slug rules', () => {
  it.each([
    ['abc', null],
    ['my-shop', null],
    ['shop42', null],
    ['42', 'Use 3 to 40 characters.'],
    ['a'.repeat(40), null],
    ['a'.repeat(41), 'Use 3 to 40 characters.'],
    ['-shop', 'Start and end with a letter or a digit, not a hyphen.'],
    ['shop-', 'Start and end with a letter or a digit, not a hyphen.'],
    ['my--shop', 'Do not use two hyphens in a row.'],
    ['My-Shop', 'Use only lower-case letters a–z, digits and hyphens.'],
    ['my_shop', 'Use only lower-case letters a–z, digits and hyphens.'],
    ['my.shop', 'Use only lower-case letters a–z, digits and hyphens.'],
    ['café', 'Use only lower-case letters a–z, digits and hyphens.'],
    ['www', 'That address is reserved. Please choose another one.'],
    ['admin', 'That address is reserved. Please choose another one.'],
    ['api', 'That address is reserved. Please choose another one.'],
    ['dashboard', 'That address is reserved. Please choose another one.'],
    ['static', 'That address is reserved. Please choose another one.'],
    ['mail', 'That address is reserved. Please choose another one.'],
    ['app', 'That address is reserved. Please choose another one.'],
  ])('%j → %j', (slug, problem) => {
    const found = slugProblem(slug);
    expect(found && translate('en', found)).toBe(problem);
  });

  it('normalizes what people type', () => {
    expect(normalizeSlug('  My-Shop ')).toBe('my-shop');
  });

  it.each([
    ['Café de Flore', 'cafe-de-flore'],
    ['  --Hello, World!-- ', 'hello-world'],
    ['Ünïcode Shop', 'unicode-shop'],
  ])('suggests %j → %j', (name, slug) => {
    expect(suggestSlug(name)).toBe(slug);
  });
});
