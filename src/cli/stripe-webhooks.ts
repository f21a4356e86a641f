/**
 * `npm run stripe:webhooks [-- --fix]`: with real Stripe keys, creates the app's two webhook
 * endpoints (the platform's own events, and `connect: true` for connected accounts' events) or
 * checks the existing ones (URL, events, enabled), and prints the env vars to set. `--fix`
 * updates an endpoint whose URL or events are off. Offline, the app registers its endpoints on
 * the emulator by itself at boot, so this command has nothing to do.
 */
import 'reflect-metadata';
import type Stripe from 'stripe';
// Imported for its side effect: defining the handler classes fills DECLARED_EVENT_TYPES.
import '../app.module.js';
import { configOrExit, runCommand } from '../startup.js';
import { createStripeClient } from '../stripe/stripe.module.js';
import { enabledEvents, webhookUrl } from '../webhooks/webhook-endpoints.service.js';
import { WEBHOOK_ENDPOINT_KINDS, type WebhookEndpointKind } from '../webhooks/webhook-endpoints.types.js';

const ENV_VAR: Record<WebhookEndpointKind, string> = {
  platform: 'STRIPE_WEBHOOK_SECRET',
  connect: 'STRIPE_CONNECT_WEBHOOK_SECRET',
};

/** A CLI's report goes to stdout as plain lines (as migration-cli does), not to the app's JSON log. */
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const fix = process.argv.includes('--fix');
  const config = configOrExit();
  if (config.offline) {
    say('Offline mode: the app registers its webhook endpoints on the emulator by itself at boot.');
    return 0;
  }
  const stripe = createStripeClient(config);
  const url = webhookUrl(config);
  const events = enabledEvents();
  const existing: Stripe.WebhookEndpoint[] = [];
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) existing.push(endpoint);

  const toSet: string[] = [];
  let problems = 0;
  for (const kind of WEBHOOK_ENDPOINT_KINDS) {
    const found = existing.find((e) => e.metadata?.comptoir_endpoint === kind);
    if (!found) {
      const created = await stripe.webhookEndpoints.create({
        url,
        enabled_events: events,
        connect: kind === 'connect',
        description: `Comptoir ${kind} events`,
        metadata: { comptoir_endpoint: kind },
      });
      say(`Created the ${kind} endpoint ${created.id} → ${url}`);
      toSet.push(`${ENV_VAR[kind]}=${created.secret}`);
      continue;
    }
    const issues = [
      found.url !== url && `URL is ${found.url}, expected ${url}`,
      found.status !== 'enabled' && `status is ${found.status}`,
      ...events
        .filter((e) => !found.enabled_events.includes(e) && !found.enabled_events.includes('*'))
        .map((e) => `does not send ${e}`),
    ].filter((s): s is string => typeof s === 'string');
    if (!issues.length) {
      say(`The ${kind} endpoint ${found.id} is set up (${url}).`);
    } else if (fix) {
      await stripe.webhookEndpoints.update(found.id, { url, enabled_events: events, disabled: false });
      say(`Updated the ${kind} endpoint ${found.id}: ${issues.join('; ')}`);
    } else {
      problems++;
      say(`The ${kind} endpoint ${found.id} needs attention: ${issues.join('; ')} (rerun with --fix)`);
    }
    if (!process.env[ENV_VAR[kind]]) {
      say(
        `  ${ENV_VAR[kind]} is unset here: Stripe shows an endpoint's secret only once, at creation; ` +
          `reveal or roll it in the Dashboard (Developers → Webhooks → ${found.id}).`,
      );
    }
  }
  if (toSet.length) say(`\nSet these in the app's environment:\n  ${toSet.join('\n  ')}`);
  return problems ? 1 : 0;
}

runCommand(main);
