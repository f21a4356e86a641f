import type { EmulatorContext } from '../context.js';
import { registerCheckoutPage } from './checkout.js';
import { registerDelayedMethodPages } from './delayed-methods.js';
import { registerOnboardingPages } from './onboarding.js';

/**
 * The hosted pages a person sees (onboarding, Checkout and its `eur` methods), apart from the
 * `/v1` API handlers in resources/, which they call into.
 */
export const HOSTED_PAGES: Array<(ctx: EmulatorContext) => void> = [
  registerOnboardingPages,
  registerCheckoutPage,
  registerDelayedMethodPages,
];
