import fs from 'node:fs';
import path from 'node:path';
import { test, expect, hydrated, field } from './fixtures';

const PASSWORD = 'correct horse battery staple';
const mailDir = path.resolve(__dirname, '../../.data/mail-e2e');

/** The decoded text of the newest e-mail to `recipient` (quoted-printable undone). */
async function mailTo(recipient: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).sort().reverse() : [];
    for (const file of files) {
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

  const mail = await mailTo(email);
  const link = mail.match(/http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/)![0];
  await page.goto(new URL(link).pathname + new URL(link).search);
  await hydrated(page);
  const newPassword = 'a fresh password for Jean';
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
