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

  it('keeps the price typed and says why it is refused', () => {
    expect(check('', '1,2,3')).toEqual({ errors: { price: 'Enter the price as a number, such as 12.50.' } });
    expect(check('', '10,555')).toEqual({ value: expect.objectContaining({ priceAmount: 1055500 }) });
    expect(check('', '1,5555')).toEqual({ errors: { price: 'EUR prices have at most 2 decimals.' } });
  });
});
