import { test as base, expect, Browser, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Fails the test on any console error or uncaught exception in the page. The browser's own
 * notice of a 4xx answer is not one: a refused login or an invalid form answers 4xx on purpose. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      const expectedRefusal = /^Failed to load resource: the server responded with a status of 4\d\d/;
      if (message.type() === 'error' && !expectedRefusal.test(message.text())) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});

/**
 * Waits until the WASM client has hydrated the page, its lazily loaded chunks included
 * (frontend/src/lib.rs sets the mark once `hydrate_from_async` is over).
 */
export async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

export { expect };

/** The password every person of the browser tests chooses. */
export const PASSWORD = 'correct horse battery staple';

/** An e-mail address no other test has used. */
export function unique(name: string): string {
  return `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.fr`;
}

/** Another person's browser (cookies of their own). */
export async function newPerson(browser: Browser, locale = 'fr-FR'): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale });
  return context.newPage();
}

/** The site's origin, which a browser sends with every form or fetch it posts (Playwright's
 * API requests do not). */
export function origin(): Record<string, string> {
  return { Origin: new URL(test.info().project.use.baseURL ?? '').origin };
}

/** A server function called as the page would call it (its cookies); must answer 200. */
export async function post(page: Page, endpoint: string, data: unknown) {
  const response = await page.request.post(`/api/${endpoint}`, { data, headers: origin() });
  expect(response.status(), `${endpoint}: ${await response.text()}`).toBe(200);
  return response.json();
}

/** Signs a customer account up through the API, in `page`'s browser context (its cookies). */
export async function signUp(page: Page, company: string, email: string, siret = '', firstName = 'Marie', lastName = 'Curie') {
  await post(page, 'auth/signup', { form: { company_name: company, siret, first_name: firstName, last_name: lastName,
    email, phone: '0612345678', password: PASSWORD, confirmation: PASSWORD, locale: 'fr' } });
}

/** What following the link e-mailed to `email` does (the `/verify-email` page, tested with the
 * account area): the address is proven. Asking to join and the holder role need it. */
export function proveAddress(email: string) {
  execFileSync('psql', [process.env.E2E_DATABASE_URL ?? '', '-qX', '-v', 'ON_ERROR_STOP=1', '-v', `email=${email}`],
    { input: "UPDATE users SET email_verified_at = now() WHERE lower(email) = lower(:'email');\n" });
}

/** The control labelled exactly `label`, whether or not the label carries the required mark " *". */
export function field(page: Page, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

/** `digits` followed by the Luhn check digit that makes the whole valid. */
function withLuhnDigit(digits: number[]): number[] {
  for (let check = 0; check <= 9; check++) {
    const sum = [...digits, check].reverse().reduce((total, digit, i) => {
      const doubled = i % 2 === 1 ? digit * 2 : digit;
      return total + (doubled > 9 ? doubled - 9 : doubled);
    }, 0);
    if (sum % 10 === 0) return [...digits, check];
  }
  throw new Error('unreachable');
}

/** A valid SIRET nobody has used yet: a SIREN with its check digit, then an establishment
 * number whose last digit makes the 14 digits pass too. */
export function freshSiret(): string {
  const random = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10));
  const siren = withLuhnDigit([1 + Math.floor(Math.random() * 8), ...random(7)]);
  return withLuhnDigit([...siren, ...random(4)]).join('');
}

/** A staff user, made the only way there is: the server's command line. */
export function createStaff(email: string, password = PASSWORD) {
  const root = path.resolve(__dirname, '../..');
  execFileSync(path.join(root, 'target/release/server'),
    ['staff', 'create', '--email', email, '--first-name', 'Anne', '--last-name', 'Atelier', '--phone', '02 40 00 00 00'],
    { input: `${password}\n`, env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? '', LOG_LEVEL: 'warn' } });
}
