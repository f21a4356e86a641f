import { translate } from '../common/domain-error.js';
import { SHIPPING_COUNTRIES } from './markets.js';
import { ValidationFailed } from '../common/domain-error.js';
import { checkZone } from './shipping-zones.service.js';
import { parseCountryList } from './shop-input.js';

const zone = (countries: string) => checkZone({ name: 'Europe', countries });
const fieldError = (countries: string, lang = 'en') => {
  try {
    zone(countries);
    return undefined;
  } catch (err) {
    if (!(err instanceof ValidationFailed)) throw err;
    const problem = err.problems.countries;
    return problem && translate(lang, problem);
  }
};

describe("shipping countries of a shop's zone", () => {
  it('refuses "UK, FR" and says to use GB for the United Kingdom', () => {
    expect(fieldError('UK, FR')).toBe('Stripe Checkout does not accept UK: use GB for the United Kingdom.');
    expect(zone('GB, FR')).toEqual({ name: 'Europe', countries: ['GB', 'FR'] });
  });

  it('names the real countries Stripe cannot ship to (EU, AS, VI, UM…)', () => {
    expect(fieldError('fr as vi um')).toBe(
      'Stripe Checkout cannot ship to AS (American Samoa), VI (U.S. Virgin Islands), UM (U.S. Outlying Islands): remove them.',
    );
    expect(fieldError('EU')).toContain('list the countries of the European Union one by one');
    expect(fieldError('FR, XQ')).toBe('Unknown country code: XQ. Use two-letter codes such as FR, DE.');
  });

  it('says it in French, with the countries named in French', () => {
    expect(fieldError('fr vi', 'fr')).toBe(
      'Stripe Checkout ne peut pas livrer vers VI (Îles Vierges des États-Unis) : retirez-le.',
    );
    expect(fieldError('UK, XQ', 'fr')).toBe(
      'Code pays inconnu : XQ. Stripe Checkout n’accepte pas UK : utilisez GB pour le Royaume-Uni. Utilisez des codes à deux lettres comme FR, DE.',
    );
  });

  it('accepts exactly the codes Stripe accepts among the 280 regions a browser can name', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const named: string[] = [];
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        if (names.of(code)) named.push(code);
      }
    expect(named).toHaveLength(280);
    const { codes, unknown, unsupported } = parseCountryList(named.join(' '));
    expect(unknown).toEqual([]);
    expect(codes.sort()).toEqual([...SHIPPING_COUNTRIES].sort());
    expect(unsupported).toHaveLength(42);
    expect(unsupported).toEqual(expect.arrayContaining(['UK', 'EU', 'AS', 'VI', 'UM', 'KP', 'IR']));
  });
});
