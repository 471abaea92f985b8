import { test, expect, createStaff, enrolTwoFactor, hydrated, field, newPerson, origin, post, signUp, unique, PASSWORD } from './fixtures';

test('a visitor prices a board before the WASM, then logs in and finds it in a new project', async ({ page, browser, consoleErrors }) => {
  const email = unique('devis');
  const other = await newPerson(browser);
  await signUp(other, 'Drones Legrand', email);
  await other.context().close();

  // The quote form is a plain GET form: it works before the page is interactive.
  await page.goto('/services');
  await expect(page.getByRole('heading', { name: 'Ce que nous fabriquons' })).toBeVisible();
  await field(page, 'Quantité').fill('25');
  await page.getByLabel('Nombre de couches').selectOption('4');
  await page.getByLabel('Finition').selectOption('enig');
  await page.getByRole('button', { name: 'Calculer le prix' }).click();
  await expect(page).toHaveURL(/[?&]layers=4/);
  await expect(page.getByRole('table', { name: 'Prix de cette carte selon le délai' })).toBeVisible();
  await expect(field(page, 'Quantité')).toHaveValue('25');

  await hydrated(page);
  await page.getByRole('link', { name: 'Commander cette carte' }).click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await hydrated(page);
  await field(page, 'E-mail').fill(email);
  await field(page, 'Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/account\/projects\/new\?service=fabrication&quantity=25&layers=4/);
  await expect(field(page, 'Quantité (cartes)')).toHaveValue('25');
  await expect(page.getByLabel('Finition')).toHaveValue('enig');

  // Created, then duplicated: the copy opens at once.
  await field(page, 'Nom du projet').fill('Carte devis');
  await page.getByRole('button', { name: 'Créer le projet' }).click();
  await expect(page).toHaveURL(/\/account\/projects\/[0-9a-f-]{36}$/);
  const original = page.url();
  await hydrated(page);
  await page.getByRole('button', { name: 'Dupliquer le projet' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Carte devis (copie)');
  expect(page.url()).not.toBe(original);
});

test('the account home, the time zone and the contact form, in English', async ({ browser }) => {
  const page = await newPerson(browser, 'en-GB');
  await signUp(page, 'Circuits Roux', unique('home'));
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account · Circuits Roux');
  await expect(page.getByRole('heading', { name: 'To do' })).toBeVisible();
  await expect(page.getByText('No orders yet.')).toBeVisible();
  await expect(page.getByText('No purchase request is waiting for your decision.')).toBeVisible();
  await page.getByRole('link', { name: 'See every project' }).first().click();
  await expect(page).toHaveURL(/\/account\/projects$/);

  await page.goto('/account/profile');
  await hydrated(page);
  await page.getByLabel('Time zone of your dates and times').selectOption('Asia/Tokyo');
  await page.locator('section', { has: page.getByRole('heading', { name: 'Time zone' }) })
    .getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('section', { has: page.getByRole('heading', { name: 'Time zone' }) })
    .getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(page.getByLabel('Time zone of your dates and times')).toHaveValue('Asia/Tokyo');

  // The footer's legal pages, in English.
  await page.getByRole('link', { name: 'Terms of sale' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Terms of sale');
  await expect(page.getByText('Version in force:')).toBeVisible();

  await page.goto('/contact');
  await hydrated(page);
  await page.getByRole('button', { name: 'Send the message' }).click();
  await expect(page.locator('#message-error')).toBeVisible();
  await field(page, 'Your first and last name').fill('Jeanne Roux');
  await field(page, 'E-mail').fill(unique('contact'));
  await page.getByLabel('Subject').selectOption('files');
  await page.getByLabel('Your message').fill('Can you make 0.8 mm boards with ENIG?');
  await page.getByRole('button', { name: 'Send the message' }).click();
  await expect(page.getByText('Your message is sent')).toBeVisible();
  await page.context().close();
});

test('staff read the contact messages in the back-office', async ({ browser }) => {
  const visitor = await newPerson(browser);
  const email = unique('question');
  await post(visitor, 'contact/send', { form: { name: 'Luc Perrin', email, company: '', subject: 'order',
    message: 'Où en est ma commande ?', locale: 'fr' } });
  await visitor.context().close();

  const staffEmail = unique('atelier');
  createStaff(staffEmail);
  const staff = await newPerson(browser);
  await staff.request.post('/api/auth/login', { data: { form: { email: staffEmail, password: PASSWORD } }, headers: origin() });
  await staff.goto('/backoffice');
  await enrolTwoFactor(staff);
  await staff.goto('/backoffice');
  await hydrated(staff);
  await staff.getByRole('link', { name: 'Voir les messages reçus par le formulaire de contact' }).click();
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText('Messages reçus');
  await expect(staff.getByRole('link', { name: email })).toBeVisible();
  await expect(staff.getByText('Où en est ma commande ?')).toBeVisible();
  // A list like the others: searched from the address.
  await staff.getByRole('searchbox', { name: 'Rechercher' }).fill(email);
  await staff.getByRole('button', { name: 'Appliquer' }).click();
  await expect(staff).toHaveURL(/\/backoffice\/messages\?q=/);
  await expect(staff.getByRole('link', { name: email })).toBeVisible();
  await staff.getByRole('searchbox', { name: 'Rechercher' }).fill('personne ne a écrit ça');
  await staff.getByRole('button', { name: 'Appliquer' }).click();
  await expect(staff.getByText('Rien ne correspond à cette recherche ou à ces filtres.')).toBeVisible();
  await staff.context().close();
});

test('a buyer cancels an order before production, in English', async ({ browser }) => {
  const page = await newPerson(browser, 'en-GB');
  await signUp(page, 'Circuits Roux', unique('cancel'));
  const project = await post(page, 'projects/create', { form: { name: 'Sensor board', service: 'fabrication',
    quantity: '10', layers: '2', width_mm: '100', height_mm: '80', thickness: '1.6', finish: 'lead_free_hasl',
    mask: 'green', notes: '' } });
  const order = await post(page, 'orders/place', { project_id: project, project_version: 1, idempotency_key: crypto.randomUUID(),
    form: { quantity: '10', lead_time: 'standard', recipient: 'Circuits Roux', line1: '12 rue des Forges', line2: '',
      postal_code: '44000', city: 'Nantes', country: 'FR', po_reference: '', terms_accepted: true } });
  await page.goto(`/account/orders/${order}`);
  await expect(page.getByText('Terms of sale accepted')).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Why? (optional)').fill('Wrong quantity');
  await page.getByRole('button', { name: 'Cancel the order' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Order cancelled.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel the order' })).toHaveCount(0);
  await page.context().close();
});

for (const words of [
  { locale: 'fr-FR', title: 'Commander à nouveau', same: 'Même prix qu\'alors.' },
  { locale: 'en-GB', title: 'Order again', same: 'Same price as then.' },
]) {
  test(`a buyer orders the same boards again from a past order (${words.locale})`, async ({ browser }) => {
    const page = await newPerson(browser, words.locale);
    await signUp(page, 'Circuits Roux', unique('reorder'));
    const project = await post(page, 'projects/create', { form: { name: 'Carte capteur', service: 'fabrication',
      quantity: '10', layers: '2', width_mm: '100', height_mm: '80', thickness: '1.6', finish: 'lead_free_hasl',
      mask: 'green', notes: '' } });
    const order = await post(page, 'orders/place', { project_id: project, project_version: 1, idempotency_key: crypto.randomUUID(),
      form: { quantity: '10', lead_time: 'standard', recipient: 'Circuits Roux', line1: '12 rue des Forges', line2: '',
        postal_code: '44000', city: 'Nantes', country: 'FR', po_reference: 'PO-77', terms_accepted: true } });
    await page.goto(`/account/orders/${order}`);
    const section = page.locator('section', { has: page.getByRole('heading', { name: words.title }) });
    await expect(section.getByText(words.same)).toBeVisible();
    await hydrated(page);
    // The terms are accepted again, or the form says so beside the box.
    await section.getByRole('button', { name: words.title }).click();
    await expect(section.locator('#terms_accepted-error')).toBeVisible();
    await section.getByRole('checkbox').check();
    await section.getByRole('button', { name: words.title }).click();
    await expect(page).not.toHaveURL(new RegExp(order));
    await expect(page).toHaveURL(/\/account\/orders\/[0-9a-f-]{36}$/);
    await expect(page.getByText('12 rue des Forges').first()).toBeVisible();
    await page.context().close();
  });
}
