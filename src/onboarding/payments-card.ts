import { t } from '../common/i18n.js';
import { requirementLabels, type PaymentsStatus } from './account-status.js';

const TONES: Record<PaymentsStatus['state'], string> = {
  not_started: 'warn',
  in_progress: 'warn',
  action_required: 'danger',
  active: 'ok',
  disconnected: 'danger',
};

/**
 * A suspended shop takes no payments whatever Stripe says (checkout refuses it): the card must
 * not say "Active · your shop can take payments". The Stripe setup stays reachable.
 */
function suspendedCopy(lang: string, state: PaymentsStatus['state']) {
  const then = state === 'active' ? 'onboarding.state.suspended.ready' : `onboarding.state.${state}.message`;
  return {
    label: t(lang, 'onboarding.state.suspended.label'),
    tone: 'danger',
    message: `${t(lang, 'onboarding.state.suspended.message')} ${t(lang, then)}`,
  };
}

function stateCopy(lang: string, state: PaymentsStatus['state']) {
  return {
    label: t(lang, `onboarding.state.${state}.label`),
    tone: TONES[state],
    message: t(lang, `onboarding.state.${state}.message`),
  };
}

/** The status card's view model (views/partials/dashboard/payments-status.hbs), the same on every page. */
export function paymentsCard(lang: string, status: PaymentsStatus, shop: { suspended: boolean }) {
  const copy = shop.suspended ? suspendedCopy(lang, status.state) : stateCopy(lang, status.state);
  return {
    state: status.state,
    suspended: shop.suspended,
    label: copy.label,
    tone: copy.tone,
    message: copy.message,
    due: requirementLabels(lang, status.due),
    pastDue: status.pastDue.length > 0,
    // A Date: the template writes it with {{dateTime}} in the page's language and the shop's zone.
    deadline: status.deadline,
    chargesEnabled: status.chargesEnabled,
    payoutsEnabled: status.payoutsEnabled,
    startLabel:
      status.state === 'not_started'
        ? t(lang, 'onboarding.card.start')
        : status.state === 'disconnected'
          ? t(lang, 'onboarding.card.again')
          : status.state === 'active'
            ? null
            : t(lang, 'onboarding.card.continue'),
    canOpenDashboard: status.state !== 'not_started' && status.state !== 'disconnected',
  };
}
