import { test, expect, field, unique, PASSWORD } from './fixtures';

// Run by the `no-javascript` project (playwright.config.ts): the browser runs no script at all,
// so every form below is posted by the browser itself and answered by the server.

test('without JavaScript, a holder signs up, switches to English, creates a collaborator and a project, and orders it', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/signup');
  await field(page, 'Raison sociale').fill('Cartes Sans Script');
  await field(page, 'Prénom').fill('Louise');
  await field(page, 'Nom').fill('Michel');
  await field(page, 'E-mail').fill('pas-une-adresse');
  await field(page, 'Numéro de téléphone').fill('0612345678');
  await field(page, 'Mot de passe').fill(PASSWORD);
  await field(page, 'Confirmation').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();

  // Refused: the same page, the reason in French, what was typed kept (the passwords are not).
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.locator('#email-error')).toBeVisible();
  await expect(field(page, 'E-mail')).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page, 'E-mail')).toHaveValue('pas-une-adresse');
  await expect(field(page, 'Raison sociale')).toHaveValue('Cartes Sans Script');
  await expect(field(page, 'Prénom')).toHaveValue('Louise');
  await expect(field(page, 'Mot de passe')).toHaveValue('');

  const email = unique('sans-script');
  await field(page, 'E-mail').fill(email);
  await field(page, 'Mot de passe').fill(PASSWORD);
  await field(page, 'Confirmation').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page).toHaveURL(/\/account$/);

  // The language switch is a form too: the server sends the same page back, in English.
  await page.getByRole('button', { name: 'EN' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('link', { name: 'My collaborators' }).first()).toBeVisible();

  await page.getByRole('link', { name: 'My collaborators' }).first().click();
  await page.getByRole('link', { name: 'Create a collaborator account' }).click();
  await expect(page).toHaveURL(/\/account\/collaborators\/new$/);
  const collaborator = unique('collegue-sans-script');
  await field(page, 'First name').fill('Paul');
  await field(page, 'Last name').fill('Langevin');
  await field(page, 'E-mail').fill(collaborator);
  await field(page, 'Phone number').fill('0698765432');
  await page.getByRole('group', { name: 'Can they buy?' }).getByRole('radio', { name: 'yes' }).check();
  await field(page, 'Password').fill(PASSWORD);
  await field(page, 'Confirmation').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create the collaborator account' }).click();
  await expect(page).toHaveURL(/\/account\/collaborators\?done=created$/);
  await expect(page.getByText('The collaborator account is created.')).toBeVisible();
  await expect(page.getByText(collaborator)).toBeVisible();

  await page.goto('/account/projects/new');
  await field(page, 'Project name').fill('');
  await page.getByRole('button', { name: 'Create the project' }).click();
  // Refused (no name): the board chosen is kept.
  await expect(page).toHaveURL(/\/account\/projects\/new$/);
  await expect(page.locator('#name-error')).toBeVisible();
  await field(page, 'Project name').fill('Carte sans script');
  await field(page, 'Quantity (boards)').fill('20');
  await page.getByRole('button', { name: 'Create the project' }).click();
  await expect(page).toHaveURL(/\/account\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Carte sans script');

  // Ordered: without the terms ticked first, then with them.
  const order = page.getByRole('form', { name: 'Order' });
  await field(page, 'Address').fill('3 rue des Lilas');
  await field(page, 'Postal code').fill('69003');
  await field(page, 'City').fill('Lyon');
  await order.getByRole('button', { name: 'Place the order' }).click();
  await expect(page.locator('#terms_accepted-error')).toBeVisible();
  await expect(field(page, 'City')).toHaveValue('Lyon');
  await page.getByRole('checkbox', { name: /I accept the terms of sale/ }).check();
  await page.getByRole('form', { name: 'Order' }).getByRole('button', { name: 'Place the order' }).click();
  await expect(page).toHaveURL(/\/account\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Carte sans script').first()).toBeVisible();
  await expect(page.getByText('3 rue des Lilas')).toBeVisible();
});

test('without JavaScript, a wrong password is said, then the right one logs in', async ({ page, browser }) => {
  const email = unique('connexion-sans-script');
  const other = await browser.newContext({ javaScriptEnabled: true });
  const response = await other.request.post('/api/auth/signup', {
    headers: { Origin: new URL(test.info().project.use.baseURL ?? '').origin },
    data: { form: { company_name: 'Connexions Simples', siret: '', first_name: 'Irène', last_name: 'Joliot',
      email, phone: '0612345678', password: PASSWORD, confirmation: PASSWORD, locale: 'fr' } },
  });
  expect(response.status()).toBe(200);
  await other.close();

  await page.goto('/login');
  await field(page, 'E-mail').fill(email);
  await field(page, 'Mot de passe').fill('not the password');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('.form-alert')).toHaveText('E-mail ou mot de passe incorrect.');
  await expect(field(page, 'E-mail')).toHaveValue(email);
  await field(page, 'Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/account$/);
});
