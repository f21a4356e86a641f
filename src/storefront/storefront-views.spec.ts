import { contrastRatio } from '../common/contrast.js';
import {
  brandCss,
  listingHref,
  listingPager,
  PAGE_BACKGROUNDS,
  productJsonLd,
  robotsTxt,
  sitemapXml,
  summary,
} from './storefront-views.js';

describe('storefront views', () => {
  it('makes the brand stylesheet from a hex colour only: anything else could inject CSS', () => {
    expect(brandCss({ brandColour: '#1a2B3c' })).toContain('--accent: #1a2b3c;');
    expect(brandCss({ brandColour: 'red;}body{display:none' })).toBe('');
    expect(brandCss({ brandColour: null })).toBe('');
  });

  it('gives the brand colour readable text on it and a readable copy for links (WCAG AA)', () => {
    const yellow = brandCss({ brandColour: '#ffd43b' });
    expect(yellow).toContain('--accent-ink: #000000;');
    const link = /--accent-text: (#[0-9a-f]{6});/.exec(yellow)![1];
    expect(link).not.toBe('#ffd43b');
    for (const bg of PAGE_BACKGROUNDS) expect(contrastRatio(link, bg)).toBeGreaterThanOrEqual(4.5);
    // A dark colour reads as it is; white text on it.
    expect(brandCss({ brandColour: '#1d2330' })).toContain(
      '--accent-ink: #ffffff;\n  --accent-text: #1d2330;',
    );
    // Scoped for the settings page's preview.
    expect(brandCss({ brandColour: '#1d2330' }, '.brand-preview')).toMatch(/^\.brand-preview \{/);
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

  it('lists collection pages in the sitemap', () => {
    expect(
      sitemapXml(
        'https://shop.example',
        [],
        [{ handle: 'mugs', updatedAt: new Date('2026-01-02T00:00:00Z') }],
      ),
    ).toContain(
      '<url><loc>https://shop.example/collections/mugs</loc><lastmod>2026-01-02T00:00:00.000Z</lastmod></url>',
    );
  });

  it('gives a listing one URL per page and order: defaults left out, parameters in a fixed order', () => {
    expect(listingHref('/', { sort: 'featured', page: 1 }, 'featured')).toBe('/');
    expect(listingHref('/', { sort: 'newest', page: 3 }, 'featured')).toBe('/?sort=newest&page=3');
    expect(listingHref('/search', { q: 'tasse & bol', sort: 'relevance', page: 2 }, 'relevance')).toBe(
      '/search?q=tasse+%26+bol&page=2',
    );
    expect(listingPager('/collections/mugs', { sort: 'price-asc', page: 2 }, 'featured', true)).toEqual({
      prevHref: '/collections/mugs?sort=price-asc',
      nextHref: '/collections/mugs?sort=price-asc&page=3',
    });
  });

  it("writes the product's JSON-LD with a decimal price per currency and no '<' at all", () => {
    const product = {
      id: 'p1',
      name: 'Mug </script>',
      description: '',
      priceAmount: 1205,
      currency: 'eur',
      stock: null,
      image: null,
      images: [],
      options: [],
      variants: [],
    };
    const text = productJsonLd('https://s.example', { name: 'S' }, product, 'Home');
    expect(text).not.toContain('<');
    const [data] = JSON.parse(text) as [{ name: string; offers: { price: string; availability: string } }];
    expect(data.name).toBe('Mug </script>');
    expect(data.offers).toMatchObject({ price: '12.05', availability: 'https://schema.org/InStock' });
    const yen = JSON.parse(
      productJsonLd(
        'https://s.example',
        { name: 'S' },
        { ...product, priceAmount: 5, currency: 'jpy' },
        'Home',
      ),
    ) as [{ offers: { price: string } }];
    expect(yen[0].offers.price).toBe('5');
    const cents = JSON.parse(
      productJsonLd('https://s.example', { name: 'S' }, { ...product, priceAmount: 5 }, 'Home'),
    ) as [{ offers: { price: string } }];
    expect(cents[0].offers.price).toBe('0.05');
  });
});
