import { type Page } from '@playwright/test';
import { test, expect, hydrated } from './fixtures';

test('the home page renders in French and hydrates', async ({ page, consoleErrors }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Vos circuits imprimés, du prototype à la série',
  );
  const nav = page.getByRole('navigation', { name: 'Menu principal' });
  for (const label of ['Accueil', 'Services', 'FAQ', 'Blog', 'Ressources', 'Connexion', 'Nous contacter']) {
    await expect(nav.getByRole('link', { name: label })).toBeVisible();
  }
  await hydrated(page);
  expect(consoleErrors).toEqual([]);
});

test('the switch shows English without a reload, and a reload keeps it', async ({ page, consoleErrors }) => {
  await page.goto('/');
  await hydrated(page);
  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as any).__sameDocument = true));

  await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'EN' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Your printed circuit boards, from prototype to production',
  );
  await expect(page.getByRole('link', { name: 'Contact us' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'EN' })).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  // Written by the browser for the whole site, kept for 400 days.
  const lang = (await page.context().cookies()).find((cookie) => cookie.name === 'lang');
  expect(lang).toMatchObject({ value: 'en', path: '/', sameSite: 'Lax' });
  expect(lang!.expires * 1000 - Date.now()).toBeGreaterThan(399 * 24 * 3600 * 1000);

  await page.reload();
  // Rendered in English by the server: no flash of French.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Your printed circuit boards, from prototype to production',
  );
  await hydrated(page);

  await page.getByRole('button', { name: 'FR' }).click();
  await expect(page.getByRole('link', { name: 'Nous contacter' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

// A slow line: the page is there long before its WASM. A click on the switch then posts the
// choice, and the server sends the same page back in that language.
test('a click on EN before the WASM has arrived is not lost', async ({ page }) => {
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto('/faq?from=home');
  await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'EN' }).click();
  await expect(page).toHaveURL(/\/faq\?from=home$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'EN' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('link', { name: 'Contact us' })).toBeVisible();
  const lang = (await page.context().cookies()).find((cookie) => cookie.name === 'lang');
  expect(lang).toMatchObject({ value: 'en', path: '/', sameSite: 'Lax' });
});

// The browser keeps the language the server rendered in (`<html lang>`): a first visit follows
// the browser's preference, and the visitor's choice then wins over it, after hydration too
// (vendor/leptos_i18n/PATCH.md: the WASM does not read the browser's languages itself).
test('hydration keeps the language the server chose, whatever the browser prefers', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-GB' });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/');
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('link', { name: 'Contact us' })).toBeVisible();

    await page.getByRole('button', { name: 'FR' }).click();
    await expect(page.getByRole('link', { name: 'Nous contacter' })).toBeVisible();
    await page.reload();
    await hydrated(page);
    // Still French after hydration, although the browser asks for English.
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Vos circuits imprimés, du prototype à la série',
    );
    await expect(page.getByRole('button', { name: 'FR' })).toHaveAttribute('aria-pressed', 'true');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

/** The files under /pkg/ (code, styles) that the page requests from now on. */
function watchPackageRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/pkg/')) paths.push(path);
  });
  return paths;
}

test('client-side navigation reaches the account area and its menu', async ({ page, consoleErrors }) => {
  // The account area is for logged-in people: sign a customer up (the page shares the cookies).
  const email = `skeleton-${Date.now()}@acme.fr`;
  const signup = await page.request.post('/api/auth/signup', {
    data: {
      form: {
        company_name: 'Acme', siret: '', first_name: 'Marie', last_name: 'Curie', email,
        phone: '06 12 34 56 78', password: 'correct horse battery staple',
        confirmation: 'correct horse battery staple', locale: 'fr',
      },
    },
  });
  expect(signup.status()).toBe(200);
  await page.goto('/account/projects');
  await hydrated(page);
  // The account area is one lazily loaded part: its first page brought every page of it, and
  // its frame stays in place from one page to the next.
  const fetched = watchPackageRequests(page);
  const menu = page.getByRole('navigation', { name: 'Menu de mon espace' });
  await menu.evaluate((element) => element.setAttribute('data-probe', 'kept'));
  await menu.getByRole('link', { name: 'Mes collaborateurs' }).click();
  await expect(page).toHaveURL(/\/account\/collaborators$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes collaborateurs');
  await menu.getByRole('link', { name: 'Mon compte' }).click();
  await expect(page).toHaveURL(/\/account\/profile$/);
  await expect(menu).toHaveAttribute('data-probe', 'kept');
  expect(fetched).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('from the home page, other pages load on a click, and unknown ones are 404', async ({ page, consoleErrors }) => {
  // The home page's WASM holds no other page: each click fetches the page's chunk.
  await page.goto('/');
  await hydrated(page);
  const nav = page.getByRole('navigation', { name: 'Menu principal' });
  const fetched = watchPackageRequests(page);
  await nav.getByRole('link', { name: 'Services' }).click();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Services');
  expect(fetched.some((path) => path.endsWith('.wasm'))).toBe(true);
  // Services and FAQ are in the same part: the second click fetches no code.
  fetched.length = 0;
  await nav.getByRole('link', { name: 'FAQ' }).click();
  await expect(page).toHaveURL(/\/faq$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Questions fréquentes');
  expect(fetched).toEqual([]);
  await nav.getByRole('link', { name: 'Accueil' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Vos circuits imprimés, du prototype à la série',
  );

  const missing = await page.goto('/no-such-page');
  expect(missing?.status()).toBe(404);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
  // Files are not pages: the server's fallback still serves them.
  expect((await page.request.get('/favicon.svg')).status()).toBe(200);
  expect(consoleErrors).toEqual([]);
});
