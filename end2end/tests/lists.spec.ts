import { test, expect, hydrated, newPerson, post, signUp, unique } from './fixtures';
import type { Page } from '@playwright/test';

const board = { service: 'fabrication', quantity: '10', layers: '2', width_mm: '100', height_mm: '80',
  thickness: '1.6', finish: 'lead_free_hasl', mask: 'green', notes: '' };

/** `count` orders of a new project, with the purchase-order references PO-L1, PO-L2… */
async function placeOrders(page: Page, count: number) {
  const project = await post(page, 'projects/create', { form: { name: 'Carte liste', ...board } });
  for (let n = 1; n <= count; n++) {
    await post(page, 'orders/place', { project_id: project, project_version: 1, idempotency_key: crypto.randomUUID(),
      form: { quantity: '10', lead_time: 'standard', recipient: 'Listes Martin', line1: '12 rue des Forges', line2: '',
        postal_code: '44000', city: 'Nantes', country: 'FR', po_reference: `PO-L${n}`, terms_accepted: true } });
  }
}

test('orders are paged, searched and filtered from the address, before the WASM too', async ({ page }) => {
  await signUp(page, 'Listes Martin', unique('listes'));
  await placeOrders(page, 7);
  const rows = page.getByRole('table', { name: 'Commandes' }).getByRole('row');

  // Not waiting for the WASM: the pages' links and the search form are plain HTML.
  await page.goto('/account/orders?size=5');
  await expect(rows).toHaveCount(1 + 5);
  await expect(rows.nth(1)).toContainText('PO-L7');
  await page.getByRole('link', { name: 'Page suivante' }).click();
  await expect(page).toHaveURL(/size=5&after=/);
  await expect(rows).toHaveCount(1 + 2);
  await expect(rows.nth(2)).toContainText('PO-L1');
  await page.getByRole('link', { name: 'Page précédente' }).click();
  await expect(rows).toHaveCount(1 + 5);
  await page.goBack();
  await expect(rows).toHaveCount(1 + 2);

  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('po-l3');
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await expect(page).toHaveURL(/q=po-l3/);
  await expect(rows).toHaveCount(1 + 1);
  await expect(rows.nth(1)).toContainText('PO-L3');
  await expect(page.getByRole('searchbox', { name: 'Rechercher' })).toHaveValue('po-l3');

  // Once interactive, the same form navigates without a reload; the address keeps the filter.
  await hydrated(page);
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('');
  await page.getByLabel('Étape', { exact: true }).selectOption('cancelled');
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await expect(page).toHaveURL(/status=cancelled/);
  await expect(page.getByText('Rien ne correspond à cette recherche ou à ces filtres.')).toBeVisible();
  await page.getByRole('link', { name: 'Tout afficher' }).click();
  await expect(page).toHaveURL(/\/account\/orders$/);
  await expect(rows).toHaveCount(1 + 7);
});

test('projects are searched from the keyboard and filtered by service, in English', async ({ browser }) => {
  const page = await newPerson(browser, 'en-GB');
  await signUp(page, 'Circuits Roux', unique('projects-list'));
  await post(page, 'projects/create', { form: { name: 'Sensor alpha', ...board } });
  await post(page, 'projects/create', { form: { name: 'Motor driver', ...board, service: 'assembly' } });
  const rows = page.getByRole('table', { name: "The account's projects" }).getByRole('row');

  await page.goto('/account/projects');
  await hydrated(page);
  await expect(rows).toHaveCount(1 + 2);
  await page.getByRole('searchbox', { name: 'Search' }).fill('motor');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/q=motor/);
  await expect(rows).toHaveCount(1 + 1);
  await expect(rows.nth(1)).toContainText('Motor driver');

  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  await page.getByLabel('Service', { exact: true }).selectOption('fabrication');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/service=fabrication/);
  await expect(rows).toHaveCount(1 + 1);
  await expect(rows.nth(1)).toContainText('Sensor alpha');
  await page.getByLabel('Order', { exact: true }).selectOption('oldest');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/sort=oldest/);

  await page.goBack();
  await page.goBack();
  await expect(page).toHaveURL(/q=motor/);
  await expect(rows).toHaveCount(1 + 1);
  await expect(rows.nth(1)).toContainText('Motor driver');
  await page.context().close();
});
