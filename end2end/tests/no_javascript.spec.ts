import { test, expect, field, freshSiret, proveAddress, signUp, unique, PASSWORD } from './fixtures';

// Run by the `no-javascript` project (playwright.config.ts): the browser runs no script at all,
// so every form below is posted by the browser itself and answered by the server.

test('without JavaScript, a holder signs up, switches to English, creates a collaborator and a project, uploads its Gerber archive, and orders it', async ({ page }) => {
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

  // The Gerber archive: sent without a file first, then with one; the page comes back each time.
  const gerber = page.locator('form', { has: page.locator('input[name="kind"][value="gerber"]') });
  await gerber.getByRole('button', { name: /Upload/ }).click();
  await expect(gerber.getByRole('alert')).toHaveText('This field is required.');
  await gerber.locator('input[type="file"]').setInputFiles({ name: 'carte.zip', mimeType: 'application/zip',
    buffer: Buffer.concat([Buffer.from('PK\x03\x04', 'binary'), Buffer.alloc(200)]) });
  await gerber.getByRole('button', { name: /Upload/ }).click();
  await expect(page.getByText('“carte.zip” is saved.')).toBeVisible();
  await expect(page.getByRole('link', { name: /carte\.zip/ })).toBeVisible();

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

  // Paid by bank transfer, then cancelled with a reason: each form posts and comes back.
  await page.getByRole('radio', { name: /Bank transfer/ }).check();
  await page.getByRole('button', { name: 'Confirm the payment method' }).click();
  await expect(page.getByText('Payment method saved.')).toBeVisible();
  await field(page, 'Why? (optional)').fill('Commandée par erreur');
  await page.getByRole('button', { name: 'Cancel the order' }).click();
  await expect(page.getByText('Order cancelled.').first()).toBeVisible();
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

test('without JavaScript, a person asks to join by SIRET, the holder accepts, and both use the buttons', async ({ page, browser }) => {
  test.setTimeout(60_000);
  const siret = freshSiret();
  await signUp(page, 'Circuits Sans Script', unique('titulaire-sans-script'), siret);
  const leaContext = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'fr-FR', javaScriptEnabled: false });
  const lea = await leaContext.newPage();
  const leaEmail = unique('lea-sans-script');
  await signUp(lea, 'Léa Conseil', leaEmail, '', 'Léa', 'Bernard');
  proveAddress(leaEmail);

  // Two steps: the SIRET names the company, then the confirmation sends the request.
  await lea.goto('/account/collaborators');
  await field(lea, 'Siret ou Email du compte auquel vous souhaitez être rattaché').fill(siret);
  await lea.getByRole('button', { name: "Demande d'invitation" }).click();
  await expect(lea).toHaveURL(/\/account\/collaborators$/);
  await expect(lea.getByText(/Ce SIRET est celui de Circuits Sans Script/)).toBeVisible();
  await lea.getByRole('button', { name: 'Confirmer la demande' }).click();
  await expect(lea.getByText('Votre demande est envoyée')).toBeVisible();
  await expect(lea.getByText(/Demande à Circuits Sans Script/)).toBeVisible();

  // The holder accepts with "can buy", from the keyboard.
  await page.goto('/account/collaborators');
  const request = page.getByRole('listitem').filter({ hasText: 'Léa Bernard' });
  await request.getByRole('group', { name: 'Il peut acheter ?' }).getByLabel('oui').check();
  await request.getByRole('button', { name: 'Accepter Léa Bernard' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText("C'est accepté.")).toBeVisible();
  const leaRow = page.getByRole('row', { name: /Léa Bernard/ });
  await expect(leaRow.getByRole('cell').nth(2)).toHaveText('oui');

  // Removing asks first; the holder's answer is posted with the confirmation's button.
  await leaRow.locator('summary', { hasText: 'Retirer' }).click();
  await expect(leaRow.getByText('Retirer ce collaborateur du compte ?')).toBeVisible();
  await leaRow.getByRole('button', { name: /^oui Retirer/ }).click();
  await expect(page.getByText('Le collaborateur est retiré du compte.')).toBeVisible();
  await expect(page.getByRole('row', { name: /Léa Bernard/ })).toHaveCount(0);

  // Logging out is a form too.
  await page.getByRole('button', { name: 'Déconnexion' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/account/collaborators');
  await expect(page).toHaveURL(/\/login/);
  await leaContext.close();
});
