import { test, expect, hydrated, newPerson, post, signUp, unique, PASSWORD } from './fixtures';

// The account's other lists, read a page at a time like the orders (lists.spec.ts): the
// collaborators and the account's history in French before the WASM, the purchase requests in
// English from the keyboard.

const GIVEN = 'given by the holder 2026';

const board = { service: 'fabrication', quantity: '10', layers: '2', width_mm: '100', height_mm: '80',
  thickness: '1.6', finish: 'lead_free_hasl', mask: 'green', notes: '' };

const order = { quantity: '10', lead_time: 'standard', recipient: 'Alice Martin', line1: '12 rue des Forges',
  line2: '', postal_code: '44000', city: 'Nantes', country: 'FR', terms_accepted: true };

function collaborator(firstName: string, lastName: string, email: string, lang: string) {
  return { form: { first_name: firstName, last_name: lastName, email, phone: '06 98 76 54 32',
    permissions: { can_buy: false, can_see_all_orders: false },
    password: GIVEN, confirmation: GIVEN, locale: lang } };
}

test('collaborators are paged and searched before the WASM, and the history has its own page', async ({ page }) => {
  await signUp(page, 'Équipe Durand', unique('equipe'), '', 'Claire', 'Durand');
  for (const [first, last] of [['Zoé', 'Arnaud'], ['Yves', 'Bernard'], ['Xavier', 'Colin']]) {
    await post(page, 'collaborators/create', collaborator(first, last, unique(first.toLowerCase()), 'fr'));
  }
  const rows = page.getByRole('table', { name: 'Liste de vos collaborateurs' }).getByRole('row');

  // Not waiting for the WASM: the pages' links and the search form are plain HTML.
  await page.goto('/account/collaborators?size=2');
  await expect(rows).toHaveCount(1 + 2);
  await expect(rows.nth(1)).toContainText('Xavier Colin');
  await page.getByRole('link', { name: 'Page suivante' }).click();
  await expect(page).toHaveURL(/size=2&after=/);
  await expect(rows).toHaveCount(1 + 1);
  await expect(rows.nth(1)).toContainText('Zoé Arnaud');
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('BERNARD');
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await expect(page).toHaveURL(/q=BERNARD/);
  await expect(rows).toHaveCount(1 + 1);
  await expect(rows.nth(1)).toContainText('Yves Bernard');

  // The page shows the latest changes; the whole history is a list of its own.
  const recent = page.getByRole('region', { name: 'Historique' });
  await expect(recent).toContainText('Claire Durand a créé le compte collaborateur de Xavier Colin');
  await recent.getByRole('link', { name: "Voir tout l'historique du compte" }).click();
  await expect(page).toHaveURL(/\/account\/collaborators\/history$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Historique' })).toBeVisible();
  const lines = page.locator('ul.history > li');
  await expect(lines).toHaveCount(3);
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('zoé');
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await expect(lines).toHaveCount(1);
  await expect(lines.first()).toContainText('a créé le compte collaborateur de Zoé Arnaud');
});

test('purchase requests have a page of their own, filtered and searched from the keyboard, in English', async ({ browser }) => {
  const page = await newPerson(browser, 'en-GB');
  await signUp(page, 'Requests Ltd', unique('requests'));
  const email = unique('alice');
  await post(page, 'collaborators/create', collaborator('Alice', 'Martin', email, 'en'));
  const alice = await newPerson(browser, 'en-GB');
  await post(alice, 'auth/login', { form: { email, password: GIVEN } });
  await post(alice, 'account/first-password', { password: PASSWORD, confirmation: PASSWORD });
  const project = await post(alice, 'projects/create', { form: { name: 'Sensor board', ...board } });
  const asked = [];
  for (const po of ['PO-R1', 'PO-R2', 'PO-R3']) {
    asked.push(await post(alice, 'purchase-requests/create', { project_id: project, project_version: 1,
      idempotency_key: crypto.randomUUID(), form: { ...order, po_reference: po } }));
  }
  await post(alice, 'purchase-requests/cancel', { request_id: asked[0] });

  await page.goto('/account/orders');
  await hydrated(page);
  await page.getByRole('link', { name: 'All purchase requests' }).click();
  await expect(page).toHaveURL(/\/account\/purchase-requests$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Purchase requests' })).toBeVisible();
  const cards = page.locator('li.request');
  await expect(cards).toHaveCount(3);
  await expect(cards.first()).toContainText('PO-R3');

  await page.getByLabel('Request state', { exact: true }).selectOption('cancelled');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/status=cancelled/);
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('PO-R1');

  await page.getByLabel('Request state', { exact: true }).selectOption('pending');
  await page.getByRole('searchbox', { name: 'Search' }).fill('po-r2');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/q=po-r2/);
  await expect(cards).toHaveCount(1);
  const approve = cards.first().getByRole('button', { name: 'Approve Sensor board' });
  await approve.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Request approved: the order is placed.')).toBeVisible();
  await page.getByRole('link', { name: 'See the order' }).click();
  await expect(page.getByRole('heading', { name: 'Progress' })).toBeVisible();
  await alice.context().close();
  await page.context().close();
});
