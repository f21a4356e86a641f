import { brandCss, robotsTxt, sitemapXml, summary } from './storefront-views.js';

describe('storefront views', () => {
  it('makes the brand stylesheet from a hex colour only: anything else could inject CSS', () => {
    expect(brandCss({ brandColour: '#1a2B3c' })).toContain('--accent: #1a2b3c;');
    expect(brandCss({ brandColour: 'red;}body{display:none' })).toBe('');
    expect(brandCss({ brandColour: null })).toBe('');
  });

  it('lists the home page and each product in the sitemap, with escaped URLs and lastmod', () => {
    const text = sitemapXml("https://o'brien.shop.example", [
      { id: 'p1', updatedAt: new Date('2026-01-02T03:04:05Z') },
    ]);
    expect(text).toContain('<loc>https://o&#39;brien.shop.example/</loc>');
    expect(text).toContain(
      '<url><loc>https://o&#39;brien.shop.example/products/p1</loc><lastmod>2026-01-02T03:04:05.000Z</lastmod></url>',
    );
  });

  it('points robots at the sitemap and keeps crawlers out of the cart and checkout', () => {
    expect(robotsTxt('https://bakery.example')).toBe(
      'User-agent: *\nAllow: /\nDisallow: /cart\nDisallow: /checkout\nSitemap: https://bakery.example/sitemap.xml\n',
    );
  });

  it('cuts a product description to 160 characters on one line for the meta description', () => {
    expect(summary('a\n\nb  c')).toBe('a b c');
    expect(summary('x'.repeat(200))).toHaveLength(158);
  });
});
