import { translate } from '../common/domain-error.js';
import { checkProductInput, productToInput } from './product-input.js';

describe('checkProductInput', () => {
  const check = (description: string, price = '24,50') =>
    checkProductInput({ name: 'Comté', description, price }, 'eur');

  it('stores the description as typed, with \\n line breaks, and the same again on the next save', () => {
    const typed = '\r\n  \r\n  Aged 18 months:\r\n    - nutty  \r\n\r\n\r\n\tFrom the Jura.  \r\n \r\n';
    const first = check(typed);
    expect(first).toEqual({
      value: expect.objectContaining({
        description: '  Aged 18 months:\n    - nutty  \n\n\n\tFrom the Jura.',
        priceAmount: 2450,
      }),
    });
    if (!('value' in first)) throw new Error('refused');
    const again = check(
      productToInput(first.value, 'eur').description,
      productToInput(first.value, 'eur').price,
    );
    expect(again).toEqual(first);
  });

  it('keeps the price typed and says why it is refused, in the reader’s language', () => {
    const priceError = (price: string, lang = 'en') => {
      const result = check('', price);
      return 'errors' in result && result.errors.price ? translate(lang, result.errors.price) : undefined;
    };
    expect(priceError('1,2,3')).toBe('Enter the price as a number, such as 12.50.');
    expect(priceError('1,2,3', 'fr')).toBe('Saisissez le prix sous forme de nombre, par exemple 12,50.');
    expect(check('', '10,555')).toEqual({ value: expect.objectContaining({ priceAmount: 1055500 }) });
    expect(priceError('1,5555')).toBe('EUR prices have at most 2 decimals.');
  });
});
