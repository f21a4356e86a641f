import { loadConfig } from '../config/app-config.js';
import { translate } from '../common/domain-error.js';
import { checkFeePlanInput, FeePlanService, type FeePlanInput } from './fee-plan.service.js';

/** The form's messages as an English reader sees them. */
const check = (input: FeePlanInput) => {
  const result = checkFeePlanInput(input);
  return 'errors' in result
    ? { errors: Object.fromEntries(Object.entries(result.errors).map(([k, m]) => [k, translate('en', m)])) }
    : result;
};
import { mergeShopStats } from './shop-stats.js';

describe('FeePlanService.planFor', () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'x'.repeat(40),
    PLATFORM_FEE_BPS: '500',
    PLATFORM_FEE_FIXED: 'eur:25,usd:30',
  });
  const fees = new FeePlanService(config);

  it('uses the platform default for each part the shop does not override', () => {
    expect(fees.planFor({ feeBps: null, feeFixed: null })).toEqual({ bps: 500, fixed: { eur: 25, usd: 30 } });
    expect(fees.planFor({ feeBps: 0, feeFixed: null })).toEqual({ bps: 0, fixed: { eur: 25, usd: 30 } });
    expect(fees.planFor({ feeBps: null, feeFixed: {} })).toEqual({ bps: 500, fixed: {} });
    expect(fees.planFor({ feeBps: 120, feeFixed: { eur: 5 } })).toEqual({ bps: 120, fixed: { eur: 5 } });
  });
});

describe('checkFeePlanInput', () => {
  it('accepts blanks as "platform default" and valid overrides', () => {
    expect(checkFeePlanInput({ bps: ' ', fixed: '' })).toEqual({ value: { feeBps: null, feeFixed: null } });
    expect(checkFeePlanInput({ bps: '10000', fixed: 'EUR:25, jpy:0' })).toEqual({
      value: { feeBps: 10000, feeFixed: { eur: 25, jpy: 0 } },
    });
  });

  it.each([['10001'], ['-1'], ['2.5'], ['5%'], ['abc']])('refuses bps %s', (bps) => {
    expect(check({ bps })).toEqual({ errors: { bps: expect.stringContaining('0 to 10000') } });
  });

  it.each([['eur'], ['eur:-1'], ['eur:1.5'], ['eur:99999999']])('refuses fixed %s', (fixed) => {
    expect(check({ fixed })).toEqual({
      errors: { fixed: expect.stringContaining('currency:amount') },
    });
  });

  it('refuses currencies the platform does not sell in', () => {
    expect(check({ fixed: 'xyz:10' })).toEqual({ errors: { fixed: 'Unknown currency: xyz.' } });
  });
});

describe('mergeShopStats', () => {
  it('merges what each source knows, leaving the rest undefined', () => {
    expect(mergeShopStats([])).toEqual({});
    expect(mergeShopStats([{ products: 3 }, { orders: 2, fees: [{ amount: 50, currency: 'eur' }] }])).toEqual(
      {
        products: 3,
        orders: 2,
        fees: [{ amount: 50, currency: 'eur' }],
      },
    );
  });
});
