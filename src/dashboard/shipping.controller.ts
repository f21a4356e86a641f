import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { onRefusal } from '../web/form-page.js';
import { Merchant, MerchantArea, type MerchantContext } from '../tenants/merchant-context.js';
import { rateToInput, ShippingZonesService } from '../tenants/shipping-zones.service.js';
import { ShippingQuery, ShippingRateForm, ShippingZoneForm } from './dto/shipping-forms.dto.js';
import { rateFormView, shippingListView, zoneFormView } from './shipping-views.js';

const base = '/dashboard/shipping';

/** The shop's shipping zones (countries) and each zone's rates (at most five). */
@Controller('dashboard/shipping')
export class ShippingDashboardController {
  constructor(private readonly shipping: ShippingZonesService) {}

  @Get()
  @MerchantArea()
  async list(@Merchant() merchant: MerchantContext, @Query() { saved }: ShippingQuery, @Res() res: Response) {
    const zones = await this.shipping.zones(merchant.shop);
    res.render('pages/dashboard/shipping', shippingListView(lang(res), zones, merchant.shop.currency, saved));
  }

  @Get('zones/new')
  @MerchantArea()
  newZone(@Merchant() merchant: MerchantContext, @Res() res: Response) {
    res.render(
      'pages/dashboard/shipping-zone',
      zoneFormView(lang(res), null, {}, {}, merchant.shop.currency),
    );
  }

  @Post('zones')
  @MerchantArea()
  async createZone(
    @Merchant() merchant: MerchantContext,
    @Body() form: ShippingZoneForm,
    @Res() res: Response,
  ) {
    onRefusal(res, {
      view: 'pages/dashboard/shipping-zone',
      model: (refusal) => zoneFormView(lang(res), null, form, refusal.fields, merchant.shop.currency),
    });
    const id = await this.shipping.saveZone(merchant.shop, null, form);
    res.redirect(303, `${base}/zones/${id}?saved=zoneSaved`);
  }

  @Get('zones/:zoneId')
  @MerchantArea()
  async editZone(
    @Merchant() merchant: MerchantContext,
    @Param('zoneId') zoneId: string,
    @Query() { saved }: ShippingQuery,
    @Res() res: Response,
  ) {
    const zone = await this.shipping.zone(merchant.shop, zoneId);
    const values = { name: zone.zone.name, countries: zone.zone.countries.join(', ') };
    res.setHeader('Cache-Control', 'no-store');
    res.render(
      'pages/dashboard/shipping-zone',
      zoneFormView(lang(res), zone, values, {}, merchant.shop.currency, saved),
    );
  }

  @Post('zones/:zoneId')
  @MerchantArea()
  async updateZone(
    @Merchant() merchant: MerchantContext,
    @Param('zoneId') zoneId: string,
    @Body() form: ShippingZoneForm,
    @Res() res: Response,
  ) {
    onRefusal(res, {
      view: 'pages/dashboard/shipping-zone',
      model: async (refusal) =>
        zoneFormView(
          lang(res),
          await this.shipping.zone(merchant.shop, zoneId),
          form,
          refusal.fields,
          merchant.shop.currency,
        ),
    });
    await this.shipping.saveZone(merchant.shop, zoneId, form);
    res.redirect(303, `${base}/zones/${zoneId}?saved=zoneSaved`);
  }

  @Post('zones/:zoneId/delete')
  @MerchantArea()
  async deleteZone(
    @Merchant() merchant: MerchantContext,
    @Param('zoneId') zoneId: string,
    @Res() res: Response,
  ) {
    await this.shipping.deleteZone(merchant.shop, zoneId);
    res.redirect(303, `${base}?saved=zoneDeleted`);
  }

  @Get('zones/:zoneId/rates/new')
  @MerchantArea()
  async newRate(
    @Merchant() merchant: MerchantContext,
    @Param('zoneId') zoneId: string,
    @Res() res: Response,
  ) {
    const { zone } = await this.shipping.zone(merchant.shop, zoneId);
    res.render(
      'pages/dashboard/shipping-rate',
      rateFormView(lang(res), zone, null, { kind: 'fixed' }, {}, merchant.shop.currency),
    );
  }

  @Post('zones/:zoneId/rates')
  @MerchantArea()
  async createRate(
    @Merchant() merchant: MerchantContext,
    @Param('zoneId') zoneId: string,
    @Body() form: ShippingRateForm,
    @Res() res: Response,
  ) {
    onRefusal(res, {
      view: 'pages/dashboard/shipping-rate',
      model: async (refusal) => {
        const { zone } = await this.shipping.zone(merchant.shop, zoneId);
        return rateFormView(lang(res), zone, null, form, refusal.fields, merchant.shop.currency);
      },
    });
    await this.shipping.saveRate(merchant.shop, zoneId, null, form);
    res.redirect(303, `${base}/zones/${zoneId}?saved=rateSaved`);
  }

  @Get('zones/:zoneId/rates/:rateId')
  @MerchantArea()
  async editRate(
    @Merchant() merchant: MerchantContext,
    @Param('zoneId') zoneId: string,
    @Param('rateId') rateId: string,
    @Res() res: Response,
  ) {
    const { zone } = await this.shipping.zone(merchant.shop, zoneId);
    const rate = await this.shipping.rate(merchant.shop, zoneId, rateId);
    res.setHeader('Cache-Control', 'no-store');
    res.render(
      'pages/dashboard/shipping-rate',
      rateFormView(
        lang(res),
        zone,
        rate.id,
        rateToInput(rate, merchant.shop.currency, lang(res)),
        {},
        merchant.shop.currency,
      ),
    );
  }

  @Post('zones/:zoneId/rates/:rateId')
  @MerchantArea()
  async updateRate(
    @Merchant() merchant: MerchantContext,
    @Param('zoneId') zoneId: string,
    @Param('rateId') rateId: string,
    @Body() form: ShippingRateForm,
    @Res() res: Response,
  ) {
    onRefusal(res, {
      view: 'pages/dashboard/shipping-rate',
      model: async (refusal) => {
        const rate = await this.shipping.rate(merchant.shop, zoneId, rateId);
        const { zone } = await this.shipping.zone(merchant.shop, zoneId);
        return rateFormView(lang(res), zone, rate.id, form, refusal.fields, merchant.shop.currency);
      },
    });
    await this.shipping.saveRate(merchant.shop, zoneId, rateId, form);
    res.redirect(303, `${base}/zones/${zoneId}?saved=rateSaved`);
  }

  @Post('zones/:zoneId/rates/:rateId/delete')
  @MerchantArea()
  async deleteRate(
    @Merchant() merchant: MerchantContext,
    @Param('zoneId') zoneId: string,
    @Param('rateId') rateId: string,
    @Res() res: Response,
  ) {
    await this.shipping.deleteRate(merchant.shop, zoneId, rateId);
    res.redirect(303, `${base}/zones/${zoneId}?saved=rateDeleted`);
  }
}

const lang = (res: Response) => res.locals.lang as string;
