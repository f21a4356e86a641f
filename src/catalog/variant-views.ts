import { t } from '../common/i18n.js';
import { DASHBOARD_LAYOUT } from '../web/views.js';
import { moneyInputExample } from '../common/money-input.js';
import { variantDisplayName, variantTitle } from './entities/product-variant.entity.js';
import { MAX_OPTIONS, MAX_VARIANTS, variantToRow, type VariantRowInput } from './variant-input.js';
import type { LowStockVariant, ProductVariants } from './variants.service.js';
import type { VariantOptionsForm } from './dto/variant-forms.dto.js';

/**
 * The merchant's variants page (views/pages/dashboard/products/variants.hbs): the options form
 * and one table of every variant's price, compare-at price, stock, SKU, weight and active flag.
 * `options` and `rows` are the typed input when a form is shown again after a refusal.
 */
export function variantsPageView(
  lang: string,
  currency: string,
  found: ProductVariants,
  input: { options?: VariantOptionsForm; rows?: VariantRowInput[] },
  errors: Record<string, string>,
  notice?: string,
) {
  const { product, options, variants, images } = found;
  const typedOptions = input.options as Record<string, string | undefined> | undefined;
  const optionFields = Array.from({ length: MAX_OPTIONS }, (_, i) => {
    const n = i + 1;
    return {
      n,
      nameField: `option${n}Name`,
      valuesField: `option${n}Values`,
      name: typedOptions ? (typedOptions[`option${n}Name`] ?? '') : (options[i]?.name ?? ''),
      values: typedOptions ? (typedOptions[`option${n}Values`] ?? '') : (options[i]?.values.join(', ') ?? ''),
      nameError: errors[`option${n}Name`],
      valuesError: errors[`option${n}Values`],
    };
  });
  const typedRows = new Map((input.rows ?? []).map((r) => [r.id, r]));
  return {
    title: t(lang, 'variants.title', { name: product.name }),
    layout: DASHBOARD_LAYOUT,
    section: 'products',
    notice,
    errors,
    product: { id: product.id, name: product.name, archived: product.archivedAt !== null },
    optionFields,
    optionsError: errors.options,
    maxVariants: MAX_VARIANTS,
    priceCurrency: currency.toUpperCase(),
    priceExample: moneyInputExample(currency, lang),
    hasOptions: options.length > 0,
    rows: variants.map((v) => {
      const row = typedRows.get(v.id) ?? variantToRow(v, currency);
      const title = variantTitle(v.optionValues) || t(lang, 'variants.defaultVariant');
      const field = (name: string) => ({ id: `${name}-${v.id}`, error: errors[`${name}-${v.id}`] });
      return {
        ...row,
        id: v.id,
        title,
        fields: {
          price: field('price'),
          compareAt: field('compareAt'),
          stock: field('stock'),
          sku: field('sku'),
          weight: field('weight'),
          image: field('image'),
          active: field('active'),
        },
        images: images.map((image, index) => ({
          id: image.id,
          label: t(lang, 'variants.imageN', { position: index + 1 }),
          selected: image.id === row.image,
        })),
      };
    }),
  };
}

/** The variants page's notice after a save. */
export function variantsNotice(lang: string, done: string | undefined): string | undefined {
  if (done === 'options') return t(lang, 'variants.notice.options');
  if (done === 'saved') return t(lang, 'variants.notice.saved');
  return undefined;
}

/** The dashboard's low-stock card (views/partials/dashboard/low-stock.hbs); null when nothing is low. */
export function lowStockView(rows: LowStockVariant[]) {
  if (!rows.length) return null;
  return rows.map((r) => ({
    name: variantDisplayName(r.productName, r.optionValues),
    stock: r.stock,
    href: `/dashboard/products/${r.productId}/variants`,
  }));
}
