import { requirementLabels, type PaymentsStatus } from './account-status.js';

const COPY: Record<PaymentsStatus['state'], { label: string; tone: string; message: string }> = {
  not_started: {
    label: 'Not started',
    tone: 'warn',
    message: 'Connect a Stripe account to take payments. Stripe asks for your business and bank details.',
  },
  in_progress: {
    label: 'In progress',
    tone: 'warn',
    message: 'Your Stripe setup is not finished yet. Continue where you left off.',
  },
  action_required: {
    label: 'Action required',
    tone: 'danger',
    message: 'Stripe needs more information before your shop can take payments or receive payouts.',
  },
  active: {
    label: 'Active',
    tone: 'ok',
    message: 'Your shop can take payments. Stripe pays out to your bank account.',
  },
  disconnected: {
    label: 'Disconnected',
    tone: 'danger',
    message:
      'Your Stripe account was disconnected from Comptoir: checkout is off. Your orders are kept. Connect again to take payments.',
  },
};

/**
 * A suspended shop takes no payments whatever Stripe says (checkout refuses it): the card must
 * not say "Active · your shop can take payments". The Stripe setup stays reachable.
 */
function suspendedCopy(state: PaymentsStatus['state']) {
  return {
    label: 'Suspended',
    tone: 'danger',
    message:
      state === 'active'
        ? 'Comptoir has suspended your shop: it cannot take payments and shoppers see it as unavailable. Your Stripe account is ready for when the suspension is lifted.'
        : `Comptoir has suspended your shop: it cannot take payments and shoppers see it as unavailable. ${COPY[state].message}`,
  };
}

/** The status card's view model (views/partials/dashboard/payments-status.hbs), the same on every page. */
export function paymentsCard(status: PaymentsStatus, shop: { suspended: boolean }) {
  const copy = shop.suspended ? suspendedCopy(status.state) : COPY[status.state];
  return {
    state: status.state,
    suspended: shop.suspended,
    label: copy.label,
    tone: copy.tone,
    message: copy.message,
    due: requirementLabels(status.due),
    pastDue: status.pastDue.length > 0,
    // A Date: the template writes it with {{dateTime}} in the page's language and the shop's zone.
    deadline: status.deadline,
    chargesEnabled: status.chargesEnabled,
    payoutsEnabled: status.payoutsEnabled,
    startLabel:
      status.state === 'not_started'
        ? 'Set up payments'
        : status.state === 'disconnected'
          ? 'Connect again'
          : status.state === 'active'
            ? null
            : 'Continue setup',
    canOpenDashboard: status.state !== 'not_started' && status.state !== 'disconnected',
  };
}
