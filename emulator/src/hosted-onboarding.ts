/**
 * Fills in and submits the emulator's hosted onboarding page of an Account Link, as the
 * merchant would in a browser: for tests, examples and the benchmark, which need an account
 * with charges enabled. Answers the page's reply (a 302 to the link's `return_url` on success).
 */
export async function submitHostedOnboarding(
  linkUrl: string,
  form: { businessName: string; country?: string; bankAccount?: string },
): Promise<Response> {
  const page = await (await fetch(linkUrl)).text();
  const formToken = /name="form_token"\s+value="([^"]+)"/.exec(page)?.[1];
  if (!formToken) throw new Error('no form token on the emulator onboarding page');
  return fetch(linkUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      form_token: formToken,
      action: 'submit',
      business_name: form.businessName,
      country: form.country ?? 'FR',
      bank_account: form.bankAccount ?? 'FR1420041010050500013M02606',
    }),
  });
}
