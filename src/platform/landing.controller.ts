import { Controller, Get, Render } from '@nestjs/common';

@Controller()
export class LandingController {
  @Get()
  @Render('pages/landing')
  landing() {
    return { title: 'Open your shop' };
  }
}
