import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { safeNextPath } from '../../common/redirect.js';
import { onRefusal } from '../../web/form-page.js';
import { SecondStepForm } from './dto/two-factor-forms.dto.js';
import { SecondStepSession } from './second-step.session.js';
import { InvalidSecondFactor, SecondFactorThrottled } from './two-factor.errors.js';
import { TwoFactorService } from './two-factor.service.js';

const VIEW = 'pages/auth/second-step';
const TITLE = 'Two-factor authentication';

/** The log-in's second step: only a session whose password was accepted gets here. */
@Controller('login/two-factor')
export class SecondStepController {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly secondStep: SecondStepSession,
  ) {}

  @Get()
  page(@Req() req: Request, @Res() res: Response) {
    if (req.user) return res.redirect(303, '/dashboard');
    if (!this.secondStep.pending(req)) return res.redirect(303, '/login?expired=1');
    res.set('Cache-Control', 'no-store').render(VIEW, { title: TITLE });
  }

  @Post()
  async verify(@Body() form: SecondStepForm, @Req() req: Request, @Res() res: Response) {
    const pending = this.secondStep.pending(req);
    if (!pending) return res.redirect(303, '/login?expired=1');
    onRefusal(res, {
      view: VIEW,
      refusals: [InvalidSecondFactor, SecondFactorThrottled],
      model: (refusal) => ({ title: TITLE, error: refusal.message }),
      status: (refusal) => (refusal instanceof InvalidSecondFactor ? 401 : undefined),
    });
    // As its GET, the form shown again is never cached.
    res.set('Cache-Control', 'no-store');
    await this.twoFactor.verifySecondFactor(pending.userId, form.code ?? '', req.ip ?? 'unknown');
    const user = await this.secondStep.complete(req, pending);
    if (!user) return res.redirect(303, '/login?expired=1');
    res.redirect(303, safeNextPath(pending.next, user.role === 'admin' ? '/admin' : '/dashboard'));
  }
}
