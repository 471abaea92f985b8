import { test, expect, hydrated, field, enrolTwoFactor, totp, PASSWORD } from './fixtures';

test('a customer turns on two-factor authentication from Mon compte, then logs in with a code', async ({ page, consoleErrors }) => {
  const email = `deux-facteurs-${Date.now()}@acme.fr`;
  await page.goto('/signup');
  await hydrated(page);
  await field(page, 'Raison sociale').fill('Deux Facteurs SARL');
  await field(page, 'Prénom').fill('Marie');
  await field(page, 'Nom').fill('Curie');
  await field(page, 'E-mail').fill(email);
  await field(page, 'Numéro de téléphone').fill('06 12 34 56 78');
  await field(page, 'Mot de passe').fill(PASSWORD);
  await field(page, 'Confirmation').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page).toHaveURL(/\/account$/);

  await page.goto('/account/profile');
  await hydrated(page);
  await expect(page.getByText("L'authentification à deux facteurs n'est pas activée.")).toBeVisible();
  await page.getByRole('link', { name: "Gérer l'authentification à deux facteurs" }).click();
  const secret = await enrolTwoFactor(page);
  await expect(page.locator('.two-factor__codes li')).toHaveCount(10);

  await page.goto('/account');
  await hydrated(page);
  await page.getByRole('button', { name: 'Déconnexion' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await field(page, 'E-mail').fill(email);
  await field(page, 'Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  // The enrolment used this step's code: the next step's is the one the server takes now.
  await field(page, 'Code').fill(totp(secret, 1));
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('navigation', { name: 'Menu de mon espace' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
