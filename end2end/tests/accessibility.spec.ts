import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, createProject, hydrated, newPerson, placeOrder, signUp, staffMember, unique } from './fixtures';

// Every page, in both languages, logged out, as a customer and as staff: no violation of
// WCAG 2.0, 2.1 and 2.2 A and AA nor of axe's best practices, and no sideways scrolling at
// 320 CSS px (WCAG 1.4.10 Reflow; a wide table scrolls inside its own box).

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const PUBLIC = ['/', '/services', '/services?quantity=25&layers=4', '/faq', '/blog', '/resources',
  '/resources/collaborator-space', '/contact', '/legal', '/privacy', '/terms', '/login', '/signup',
  '/forgot-password', '/reset-password?token=unknown', '/verify-email?token=unknown', '/no-such-page'];

/** What axe finds on the page as it is now, one line per rule broken. */
async function axeProblems(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return violations.map((violation) => `${where}: ${violation.id} (${violation.impact}) at `
    + violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', '));
}

/** Each page's problems: axe's once hydrated, then whether it scrolls sideways at 320 px. */
async function checkPages(page: Page, paths: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const path of paths) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(path);
    await hydrated(page);
    problems.push(...await axeProblems(page, path));
    await page.setViewportSize({ width: 320, height: 640 });
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) problems.push(`${path}: scrolls sideways by ${overflow} px at 320 px wide`);
  }
  return problems;
}

/** The language the server renders `page`'s pages in (the switch's cookie). */
async function speak(page: Page, language: string) {
  const url = test.info().project.use.baseURL ?? '';
  await page.context().addCookies([{ name: 'lang', value: language, url }]);
}

/** A customer account with a project and an order, logged in in `page`. */
async function customerWithAnOrder(page: Page) {
  const company = `Circuits Accessibles ${Date.now()}`;
  await signUp(page, company, unique('axe'));
  const project = await createProject(page, 'Carte accessible');
  const order = await placeOrder(page, project, company, 'PO-A11Y');
  return { project, order };
}

for (const language of ['fr', 'en']) {
  test(`the public pages pass axe and reflow at 320 px (${language})`, async ({ page }) => {
    test.setTimeout(120_000);
    await speak(page, language);
    const problems = await checkPages(page, PUBLIC);
    // A form in error: its messages and the fields that carry them.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/signup');
    await hydrated(page);
    await page.locator('form.form button[type="submit"]').click();
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    problems.push(...await axeProblems(page, '/signup (refused)'));
    expect(problems).toEqual([]);
  });

  test(`the account area passes axe and reflows at 320 px (${language})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await newPerson(browser);
    const { project, order } = await customerWithAnOrder(page);
    await speak(page, language);
    const problems = await checkPages(page, ['/account', '/account/projects', '/account/projects/new',
      `/account/projects/${project}`, '/account/orders', `/account/orders/${order}`, '/account/purchase-requests',
      '/account/documents', '/account/collaborators', '/account/collaborators/new', '/account/collaborators/history',
      '/account/company', '/account/profile']);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test(`the back-office passes axe and reflows at 320 px (${language})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const customer = await newPerson(browser);
    const { order } = await customerWithAnOrder(customer);
    await customer.context().close();
    const staff = await staffMember(browser, 'atelier-axe');
    await speak(staff, language);
    const problems = await checkPages(staff, ['/backoffice', '/backoffice/accounts', '/backoffice/documents',
      `/backoffice/orders/${order}`, '/backoffice/messages', '/two-factor']);
    expect(problems).toEqual([]);
    await staff.context().close();
  });
}
