import fs from 'node:fs';
import path from 'node:path';
import { test, expect, hydrated, field, createStaff, freshSiret, newPerson, origin, signUp, unique, PASSWORD, enrolTwoFactor } from './fixtures';

const mailDir = path.resolve(__dirname, '../../.data/mail-e2e');

/** The decoded text of the newest e-mail to `recipient` of `kind` (the outbox's kind, the end of
 * the file's name `{id}-{kind}.eml`), quoted-printable undone. */
async function mailTo(recipient: string, kind: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).sort().reverse() : [];
    for (const file of files.filter((name) => name.endsWith(`-${kind}.eml`))) {
      const text = fs.readFileSync(path.join(mailDir, file), 'utf8');
      if (text.includes(`To: ${recipient}`)) {
        return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no e-mail to ${recipient} in ${mailDir}`);
}

test('sign up, log out, log in, and errors in the chosen language', async ({ page, consoleErrors }) => {
  const email = `holder-${Date.now()}@acme.fr`;
  await page.goto('/signup');
  await hydrated(page);

  // Errors show before anything is sent, next to their fields, announced.
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.getByRole('alert')).toContainText('Le formulaire contient des erreurs');
  const company = field(page, 'Raison sociale');
  await expect(company).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#company_name-error')).toHaveText('Ce champ est obligatoire.');
  await expect(company).toBeFocused();

  await company.fill('Acme Électronique');
  await field(page, 'SIRET').fill('732 829 320 00075');
  await field(page, 'Prénom').fill('Marie');
  await field(page, 'Nom').fill('Curie');
  await field(page, 'E-mail').fill(email);
  await field(page, 'Numéro de téléphone').fill('06 12 34 56 78');
  await field(page, 'Mot de passe').fill(PASSWORD);
  await field(page, 'Confirmation').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page.locator('#siret-error')).toContainText("Ce SIRET n'est pas valide");
  await field(page, 'SIRET').fill('');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();

  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('navigation', { name: 'Menu de mon espace' })).toBeVisible();
  // The header follows who is logged in, without a reload, and the server renders the same.
  const mainMenu = page.getByRole('navigation', { name: 'Menu principal' });
  await expect(mainMenu.getByRole('link', { name: 'Mon espace' })).toHaveAttribute('href', '/account');
  await page.reload();
  await hydrated(page);
  await expect(mainMenu.getByRole('link', { name: 'Mon espace' })).toHaveAttribute('href', '/account');
  await page.getByRole('button', { name: 'Déconnexion' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(mainMenu.getByRole('link', { name: 'Connexion' })).toHaveAttribute('href', '/login');

  await field(page, 'E-mail').fill(email);
  await field(page, 'Mot de passe').fill('not the password');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toHaveText('E-mail ou mot de passe incorrect.');
  await field(page, 'Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(mainMenu.getByRole('link', { name: 'Mon espace' })).toBeVisible();

  await page.getByRole('button', { name: 'EN' }).click();
  await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'My account' })).toBeVisible();
  await page.getByRole('link', { name: 'My profile' }).click();
  await field(page, 'Phone number').fill('12');
  await page.getByRole('button', { name: 'Save' }).first().click();
  await expect(page.locator('#phone-error')).toContainText('Enter a valid number');
  expect(consoleErrors).toEqual([]);
});

test('a forgotten password is replaced through the e-mailed link', async ({ page, consoleErrors }) => {
  const email = `forgot-${Date.now()}@acme.fr`;
  const signup = await page.request.post('/api/auth/signup', {
    data: { form: { company_name: 'Acme', siret: '', first_name: 'Jean', last_name: 'Dupont', email,
      phone: '0612345678', password: PASSWORD, confirmation: PASSWORD, locale: 'fr' } },
  });
  expect(signup.status()).toBe(200);
  await page.context().clearCookies();

  await page.goto('/forgot-password');
  await hydrated(page);
  await field(page, 'E-mail').fill(email);
  await page.getByRole('button', { name: 'Recevoir le lien' }).click();
  await expect(page.getByRole('status')).toContainText('Si un compte existe avec cette adresse');

  // Sign-up sent its own e-mail first: the link that proves the address.
  const mail = await mailTo(email, 'password_reset');
  const link = mail.match(/http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/)![0];
  await page.goto(new URL(link).pathname + new URL(link).search);
  await hydrated(page);
  const newPassword = 'a fresh password of mine';
  await field(page, 'Nouveau mot de passe').fill(newPassword);
  await field(page, 'Confirmation').fill(newPassword);
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page.getByRole('status')).toContainText('Votre mot de passe est changé');

  await page.goto('/login');
  await hydrated(page);
  await field(page, 'E-mail').fill(email);
  await field(page, 'Mot de passe').fill(newPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/account$/);
  expect(consoleErrors).toEqual([]);
});

/** The path of the newest link to `page` e-mailed to `recipient` as an e-mail of `kind`, once
 * it differs from `previous`. */
async function linkIn(recipient: string, kind: string, page: string, previous = ''): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const mail = await mailTo(recipient, kind);
    const link = mail.match(new RegExp(`http://\\S+(/${page}\\?token=[A-Za-z0-9_-]+)`))![1];
    if (link !== previous) return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no new link to /${page} for ${recipient}`);
}

test('the address is proven through its link; the account area says so until then', async ({ page, browser, consoleErrors }) => {
  const email = unique('preuve');
  await signUp(page, 'Preuve SARL', email);
  const first = await linkIn(email, 'verify_email', 'verify-email');

  await page.goto('/account/projects');
  await hydrated(page);
  const banner = page.getByRole('region', { name: 'Confirmez votre adresse e-mail' });
  await expect(banner).toContainText(email);
  await banner.getByRole('button', { name: 'Recevoir un nouvel e-mail' }).click();
  await expect(banner).toContainText('Un nouveau lien vous a été envoyé');
  const second = await linkIn(email, 'verify_email', 'verify-email', first);

  // Another browser, nobody logged in: the superseded link is refused, the new one works once.
  const other = await newPerson(browser);
  await other.goto(first);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Confirmation de votre adresse e-mail');
  await expect(other.getByRole('status')).toContainText("Ce lien n'est plus valable");
  await other.goto(second);
  await expect(other.getByRole('status')).toContainText('Votre adresse e-mail est confirmée');

  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Confirmez votre adresse e-mail' })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('a new e-mail address, in English: nothing changes until its link is followed', async ({ page, browser, consoleErrors }) => {
  const email = unique('before');
  const newEmail = unique('after');
  await signUp(page, 'Address Ltd', email);
  // The cookie of the language switch: the profile's "Enregistrer" buttons match "EN" too.
  await page.context().addCookies([{ name: 'lang', value: 'en', url: test.info().project.use.baseURL! }]);
  await page.goto('/account/profile');
  await hydrated(page);
  await expect(page.getByRole('region', { name: 'Confirm your e-mail address' })).toBeVisible();

  const form = page.getByRole('region', { name: 'E-mail address', exact: true });
  await field(page, 'New e-mail address').fill(newEmail);
  await field(page, 'Your password').fill('not my password at all');
  await form.getByRole('button', { name: 'Change the address' }).click();
  await expect(form.locator('#email_password-error')).toHaveText('The current password is wrong.');
  await field(page, 'Your password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Change the address' }).click();
  await expect(form.getByRole('status')).toHaveText(`A link was sent to ${newEmail}: follow it to make this address yours.`);
  // The current address is told, without the link.
  expect(await mailTo(email, 'email_change_notice')).toContain(newEmail);

  const link = await linkIn(newEmail, 'change_email', 'confirm-email');
  const other = await newPerson(browser, 'en-GB');
  await other.goto(link);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Change of e-mail address');
  await expect(other.getByRole('status')).toContainText('Your new e-mail address is saved and confirmed');

  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('region', { name: 'My details' })).toContainText(newEmail);
  await expect(page.getByRole('region', { name: 'Confirm your e-mail address' })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('the holder adds the SIRET in English, and staff check it in the back-office', async ({ page, browser, consoleErrors }) => {
  const email = unique('siret');
  await signUp(page, 'Siret Works', email);
  await page.context().addCookies([{ name: 'lang', value: 'en', url: test.info().project.use.baseURL! }]);
  await page.goto('/account/projects');
  await hydrated(page);
  await page.getByRole('navigation', { name: 'Account menu' }).getByRole('link', { name: 'My company' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My company');
  await expect(page.getByText('This account has no SIRET yet')).toBeVisible();

  const siret = freshSiret();
  await field(page, 'SIRET').fill(siret.slice(0, 13) + ((Number(siret[13]) + 1) % 10));
  await page.getByRole('button', { name: 'Save the company' }).click();
  await expect(page.locator('#siret-error')).toContainText('This SIRET is not valid');
  await field(page, 'SIRET').fill(siret);
  await page.getByRole('button', { name: 'Save the company' }).click();
  await expect(page.getByText('SIRET not checked by EMS PROTO yet.')).toBeVisible();

  const staffEmail = unique('atelier');
  createStaff(staffEmail, PASSWORD);
  const staff = await newPerson(browser);
  await staff.request.post('/api/auth/login', { data: { form: { email: staffEmail, password: PASSWORD } } });
  // Staff without a second factor are sent to enrol one first.
  await staff.goto('/backoffice');
  await enrolTwoFactor(staff);
  await staff.goto('/backoffice');
  await hydrated(staff);
  // The customer accounts have their page: staff find this one by its name.
  await staff.getByRole('link', { name: 'Comptes clients' }).click();
  await expect(staff).toHaveURL(/\/backoffice\/accounts$/);
  await staff.getByRole('searchbox', { name: 'Rechercher' }).fill('siret works');
  await staff.keyboard.press('Enter');
  await expect(staff).toHaveURL(/q=siret\+works/);
  const row = staff.getByRole('row', { name: /Siret Works/ });
  await expect(row).toContainText('non vérifié');
  await row.getByRole('button', { name: 'Marquer vérifié le SIRET de Siret Works' }).click();
  await expect(staff.getByText('SIRET marqué vérifié.')).toBeVisible();
  await expect(row).toContainText('vérifié par Anne Atelier');

  await page.reload();
  await hydrated(page);
  await expect(page.getByText('SIRET checked by EMS PROTO.')).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('a collaborator created by the holder opens a company account of their own', async ({ page, browser, consoleErrors }) => {
  await signUp(page, 'Titulaire SAS', unique('titulaire'));
  const email = unique('paul');
  const given = 'given by the holder 2026';
  const created = await page.request.post('/api/collaborators/create', { data: { form: {
    first_name: 'Paul', last_name: 'Martin', email, phone: '06 98 76 54 32',
    permissions: { can_buy: false, can_see_all_orders: false }, password: given, confirmation: given, locale: 'fr' } } });
  expect(created.status(), await created.text()).toBe(200);
  const paul = await newPerson(browser);
  await paul.request.post('/api/auth/login', { data: { form: { email, password: given } } });
  await paul.request.post('/api/account/first-password', { data: { password: PASSWORD, confirmation: PASSWORD } });

  await paul.goto('/account/company');
  await hydrated(paul);
  await expect(paul.getByText('Seul le titulaire du compte Titulaire SAS peut modifier')).toBeVisible();
  const open = paul.getByRole('region', { name: 'Créer le compte de mon entreprise' });
  await expect(open).toContainText("Confirmez d'abord votre adresse e-mail");
  await field(paul, 'Raison sociale').fill('Paul Conseil');
  await open.getByRole('button', { name: 'Créer le compte de mon entreprise' }).click();
  await expect(open.getByRole('alert')).toContainText("Confirmez d'abord votre adresse e-mail");

  // The address proven through a new link, the account opens.
  await paul.getByRole('button', { name: 'Recevoir un nouvel e-mail' }).click();
  await paul.goto(await linkIn(email, 'verify_email', 'verify-email'));
  await expect(paul.getByRole('status')).toContainText('Votre adresse e-mail est confirmée');
  await paul.goto('/account/company');
  await hydrated(paul);
  const form = paul.getByRole('region', { name: 'Créer le compte de mon entreprise' });
  await field(paul, 'Raison sociale').fill('Paul Conseil');
  await form.getByRole('button', { name: 'Créer le compte de mon entreprise' }).click();
  await expect(paul.getByText('Le compte de votre entreprise est créé')).toBeVisible();
  await expect(field(paul, 'Compte').locator('option')).toHaveText(['Paul Conseil', 'Titulaire SAS']);
  await expect(field(paul, 'Raison sociale')).toHaveValue('Paul Conseil');
  expect(consoleErrors).toEqual([]);
});

test('a person deletes their account from the profile and is logged out', async ({ browser }) => {
  const page = await newPerson(browser);
  const email = unique('depart');
  await signUp(page, 'Départ Martin', email);
  await page.goto('/account/profile');
  await hydrated(page);
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Supprimer mon compte' }) });
  await section.getByLabel(/Votre mot de passe, pour confirmer/).fill('pas le bon mot de passe');
  await section.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
  await expect(section.locator('#delete_password-error')).toBeVisible();
  await section.getByLabel(/Votre mot de passe, pour confirmer/).fill(PASSWORD);
  await section.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
  await expect(page).toHaveURL(/\/$/);
  const login = await page.request.post('/api/auth/login', { data: { form: { email, password: PASSWORD } }, headers: origin() });
  expect(login.status()).toBe(401);
  await page.context().close();
});

test('a holder with collaborators is asked to hand the role over before deleting, in English', async ({ browser }) => {
  const page = await newPerson(browser, 'en-GB');
  await signUp(page, 'Leaving Ltd', unique('leaving'));
  const created = await page.request.post('/api/collaborators/create', { headers: origin(), data: { form: {
    first_name: 'Ada', last_name: 'Lovelace', email: unique('ada-stays'), phone: '+44 20 7946 0958',
    permissions: { can_buy: false, can_see_all_orders: false },
    password: 'given by the holder 2026', confirmation: 'given by the holder 2026', locale: 'en' } } });
  expect(created.status()).toBe(200);
  await page.goto('/account/profile');
  await hydrated(page);
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Delete my account' }) });
  await section.getByLabel(/Your password, to confirm/).fill(PASSWORD);
  await section.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(section.getByText('hand the holder role over to one of them first (My collaborators)')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Delete my account' })).toBeVisible();
  await page.context().close();
});
