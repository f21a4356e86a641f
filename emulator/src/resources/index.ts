import type { EmulatorContext } from '../context.js';
import { registerAccountLinks } from './account-links.js';
import { registerAccounts } from './accounts.js';
import { registerApplicationFees } from './application-fees.js';
import { registerBalanceTransactions } from './balance-transactions.js';
import { registerBalance } from './balance.js';
import { registerCheckoutSessions } from './checkout-sessions.js';
import { registerDelayedMethods } from './delayed-methods.js';
import { registerDisputes } from './disputes.js';
import { registerEvents } from './events.js';
import { registerPayments } from './payments.js';
import { registerPayouts } from './payouts.js';
import { registerProducts } from './products.js';
import { registerRefunds } from './refunds.js';
import { registerShippingRates } from './shipping-rates.js';
import { registerWebhookEndpoints } from './webhook-endpoints.js';

/** Every resource file, registered in turn. */
export const RESOURCES: Array<(ctx: EmulatorContext) => void> = [
  registerAccounts,
  registerAccountLinks,
  registerProducts,
  registerShippingRates,
  registerPayments,
  registerCheckoutSessions,
  registerBalance,
  registerWebhookEndpoints,
  registerEvents,
  registerDelayedMethods,
  registerRefunds,
  registerApplicationFees,
  registerBalanceTransactions,
  registerDisputes,
  registerPayouts,
];
