import sharp from 'sharp';
import type { ShopPageKind } from '../storefront/shop-pages.js';

/** What the demo shop sells: a dozen products, each drawn as a coloured shape (demoImage). */
export const DEMO_PRODUCTS: ReadonlyArray<{
  name: string;
  description: string;
  price: string;
  background: string;
  colour: string;
  shape: 'circle' | 'square' | 'triangle' | 'diamond';
}> = [
  {
    name: 'Stoneware mug',
    description: 'Glazed by hand, 300 ml.',
    price: '18.00',
    background: '#e76f51',
    colour: '#f4a261',
    shape: 'circle',
  },
  {
    name: 'Linen tea towel',
    description: 'Washed linen, 50 × 70 cm.',
    price: '14.50',
    background: '#2a9d8f',
    colour: '#e9c46a',
    shape: 'square',
  },
  {
    name: 'Olive wood spoon',
    description: 'Carved from a single piece.',
    price: '9.90',
    background: '#264653',
    colour: '#e9c46a',
    shape: 'triangle',
  },
  {
    name: 'Beeswax candle',
    description: 'Burns for about 30 hours.',
    price: '12.00',
    background: '#f4a261',
    colour: '#fefae0',
    shape: 'diamond',
  },
  {
    name: 'Enamel teapot',
    description: 'One litre, for gas and induction.',
    price: '42.00',
    background: '#457b9d',
    colour: '#f1faee',
    shape: 'circle',
  },
  {
    name: 'Cotton tote bag',
    description: 'Heavy canvas, long handles.',
    price: '16.00',
    background: '#6d597a',
    colour: '#eaac8b',
    shape: 'square',
  },
  {
    name: 'Ceramic bowl',
    description: 'Deep, for soups and salads.',
    price: '22.00',
    background: '#b56576',
    colour: '#ffcdb2',
    shape: 'circle',
  },
  {
    name: 'Wool throw',
    description: 'Merino, 130 × 180 cm.',
    price: '89.00',
    background: '#355070',
    colour: '#e56b6f',
    shape: 'diamond',
  },
  {
    name: 'Herb seeds set',
    description: 'Basil, thyme, parsley and chives.',
    price: '7.50',
    background: '#588157',
    colour: '#dad7cd',
    shape: 'triangle',
  },
  {
    name: 'Glass carafe',
    description: 'Mouth-blown, one litre.',
    price: '27.00',
    background: '#0081a7',
    colour: '#fdfcdc',
    shape: 'square',
  },
  {
    name: 'Notebook',
    description: 'A5, dotted, lay-flat binding.',
    price: '11.00',
    background: '#bc6c25',
    colour: '#fefae0',
    shape: 'triangle',
  },
  {
    name: 'Oak cutting board',
    description: 'Oiled oak, 40 × 25 cm.',
    price: '35.00',
    background: '#606c38',
    colour: '#dda15e',
    shape: 'diamond',
  },
];

/** The demo shop's collections, in its language like its products: each names a few of them. */
export const DEMO_COLLECTIONS: ReadonlyArray<{ title: string; description: string; products: string[] }> = [
  {
    title: 'Tableware',
    description: 'Everything for a well-laid table, from the first tea to the last spoonful.',
    products: ['Stoneware mug', 'Enamel teapot', 'Ceramic bowl', 'Glass carafe', 'Oak cutting board'],
  },
  {
    title: 'Gifts',
    description: 'Small things that make a present.',
    products: ['Beeswax candle', 'Cotton tote bag', 'Herb seeds set', 'Notebook'],
  },
];

/** A product's picture: its colours, its shape and its name, as a 800×800 PNG. */
export function demoImage(product: (typeof DEMO_PRODUCTS)[number]): Promise<Buffer> {
  const shapes = {
    circle: `<circle cx="400" cy="360" r="210" fill="${product.colour}"/>`,
    square: `<rect x="200" y="160" width="400" height="400" rx="36" fill="${product.colour}"/>`,
    triangle: `<polygon points="400,140 640,570 160,570" fill="${product.colour}"/>`,
    diamond: `<polygon points="400,130 630,360 400,590 170,360" fill="${product.colour}"/>`,
  };
  const name = product.name.replace(/[<&>"]/g, '');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800">
    <rect width="800" height="800" fill="${product.background}"/>${shapes[product.shape]}
    <text x="400" y="705" font-family="sans-serif" font-size="64" text-anchor="middle" fill="#ffffff">${name}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The demo shop's legal pages: Markdown, as a merchant would type them (a demo, not legal advice). */
export const DEMO_PAGES: Readonly<Record<ShopPageKind, string>> = {
  'legal-notice': [
    'This shop is a **demo** made by Comptoir on its first start. Nothing here is for sale.',
    '',
    '- Publisher: Comptoir Demo SAS (fictitious), 1 rue de l’Exemple, 75000 Paris',
    '- Contact: demo@comptoir.local',
    '- Host: your own machine',
  ].join('\n'),
  terms: [
    '1. **Orders.** An order is final once paid on the payment page.',
    '2. **Prices.** Prices are in euros, taxes included.',
    '3. **Delivery.** Items ship within 3 working days.',
    '4. **Withdrawal.** You may withdraw within 14 days of delivery: see [returns](/pages/returns).',
    '',
    '_This is sample text for a demo shop._',
  ].join('\n'),
  returns: [
    'Send an item back unused within **14 days** and we refund it in full, shipping included.',
    '',
    'Write to us first from the [contact page](/pages/contact).',
  ].join('\n'),
  privacy: [
    'We keep your email address and your order to deliver it, and nothing else.',
    'Payments are handled by Stripe; we never see your card.',
  ].join('\n'),
  contact: ['Email: demo@comptoir.local', '', 'We answer within one working day.'].join('\n'),
};
