import { test as base, expect, Browser, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
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

/** The code an authenticator app shows now for `secret` (base32, as the enrolment page shows
 * it): TOTP of RFC 6238 with HMAC-SHA1, 6 digits, 30-second steps. `stepOffset` picks a
 * neighbouring step (the server accepts one step either side, each step once). */
export function totp(secret: string, stepOffset = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = secret.replace(/=+$/, '').toUpperCase().split('')
    .map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + stepOffset));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

/** On `/two-factor` (where staff land at their first login): turns two-factor authentication
 * on with the secret shown as text, and answers that secret. */
export async function enrolTwoFactor(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/two-factor$/);
  await hydrated(page);
  await page.getByRole('button', { name: "Activer l'authentification à deux facteurs" }).click();
  const secret = (await page.locator('#two-factor-secret').textContent())!.trim();
  await field(page, 'Code').fill(totp(secret));
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page.getByRole('heading', { name: 'Vos codes de secours' })).toBeVisible();
  return secret;
}

/** A staff user, made the only way there is: the server's command line. */
export function createStaff(email: string, password = PASSWORD) {
  const root = path.resolve(__dirname, '../..');
  execFileSync(path.join(root, 'target/release/server'),
    ['staff', 'create', '--email', email, '--first-name', 'Anne', '--last-name', 'Atelier', '--phone', '02 40 00 00 00'],
    { input: `${password}\n`, env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? '', LOG_LEVEL: 'warn' } });
}

/** A staff member logged in with their second factor enrolled, in a browser of their own. */
export async function staffMember(browser: Browser, name: string): Promise<Page> {
  const email = unique(name);
  createStaff(email);
  const staff = await newPerson(browser);
  await staff.goto('/login');
  await hydrated(staff);
  await field(staff, 'E-mail').fill(email);
  await field(staff, 'Mot de passe').fill(PASSWORD);
  await staff.getByRole('button', { name: 'Se connecter' }).click();
  await enrolTwoFactor(staff);
  return staff;
}

/** A project of `page`'s account made through the API (2 layers unless `board` says otherwise):
 * its id. */
export async function createProject(page: Page, name: string, board: Record<string, string> = {}): Promise<string> {
  return post(page, 'projects/create', { form: { name, service: 'fabrication', quantity: '10', layers: '2',
    width_mm: '100', height_mm: '80', thickness: '1.6', finish: 'hasl', mask: 'green', notes: '', ...board } });
}

/** `project` (version 1) ordered through the API, 10 boards at the standard lead time, delivered
 * to `company` in Nantes: the order's id. */
export async function placeOrder(page: Page, project: string, company: string, poReference = ''): Promise<string> {
  return post(page, 'orders/place', { project_id: project, project_version: 1,
    idempotency_key: crypto.randomUUID(), form: { quantity: '10', lead_time: 'standard', recipient: company,
      line1: '12 rue des Forges', line2: '', postal_code: '44000', city: 'Nantes', country: 'FR',
      po_reference: poReference, terms_accepted: true } });
}
