import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Merchant, MerchantArea, type MerchantContext } from '../tenants/merchant-context.js';
import { UuidParam } from '../web/validation.pipe.js';
import { onRefusal } from '../web/form-page.js';
import { VariantOptionsForm, VariantTableForm } from './dto/variant-forms.dto.js';
import { VariantsPageQuery } from './dto/variant-queries.dto.js';
import type { VariantRowInput } from './variant-input.js';
import { VariantsService } from './variants.service.js';
import { variantsNotice, variantsPageView } from './variant-views.js';

/** A product's options and variants, under /dashboard/products/:id/variants. The shop comes from the session only. */
@Controller('dashboard/products/:id/variants')
@MerchantArea()
export class MerchantVariantsController {
  constructor(private readonly variants: VariantsService) {}

  @Get()
  async page(
    @Merchant() m: MerchantContext,
    @Param('id', UuidParam) id: string,
    @Query() { done }: VariantsPageQuery,
    @Res() res: Response,
  ) {
    const lang = res.locals.lang as string;
    const found = await this.variants.get(m.shop, id);
    res.render(
      'pages/dashboard/products/variants',
      variantsPageView(lang, m.shop.currency, found, {}, {}, variantsNotice(lang, done)),
    );
  }

  @Post('options')
  async setOptions(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Body() form: VariantOptionsForm,
    @Res() res: Response,
  ) {
    this.pageOnRefusal(m, id, res, { options: form });
    await this.variants.setOptions(
      m.shop,
      id,
      [form.option1Name ?? '', form.option2Name ?? '', form.option3Name ?? ''],
      [form.option1Values ?? '', form.option2Values ?? '', form.option3Values ?? ''],
    );
    res.redirect(303, `/dashboard/products/${id}/variants?done=options`);
  }

  @Post()
  async saveTable(
    @Merchant() m: MerchantContext,
    @Param('id') id: string,
    @Body() form: VariantTableForm,
    @Res() res: Response,
  ) {
    const rows = rowsOf(form);
    this.pageOnRefusal(m, id, res, { rows });
    await this.variants.updateVariants(m.shop, id, rows);
    res.redirect(303, `/dashboard/products/${id}/variants?done=saved`);
  }

  /** A refused form shows the page again (422) with what was typed. */
  private pageOnRefusal(
    m: MerchantContext,
    id: string,
    res: Response,
    input: { options?: VariantOptionsForm; rows?: VariantRowInput[] },
  ): void {
    onRefusal(res, {
      view: 'pages/dashboard/products/variants',
      model: async (refusal) =>
        variantsPageView(
          res.locals.lang as string,
          m.shop.currency,
          await this.variants.get(m.shop, id),
          input,
          refusal.fields,
        ),
    });
  }
}

/** The table's parallel lists back into rows (a missing cell reads as empty). */
function rowsOf(form: VariantTableForm): VariantRowInput[] {
  const active = new Set(form.active ?? []);
  return (form.variantId ?? []).slice(0, 200).map((id, i) => ({
    id,
    price: form.price?.[i] ?? '',
    compareAt: form.compareAt?.[i] ?? '',
    stock: form.stock?.[i] ?? '',
    sku: form.sku?.[i] ?? '',
    weight: form.weight?.[i] ?? '',
    image: form.image?.[i] ?? '',
    active: active.has(id),
  }));
}
