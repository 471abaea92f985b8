import { Browser, Page } from '@playwright/test';
import { test, expect, hydrated, field, createStaff, newPerson, post, unique, PASSWORD, enrolTwoFactor } from './fixtures';

const GIVEN = 'given by the holder 2026';

/** A collaborator created by the holder (`holder`'s cookies), who then chose their own password. */
async function collaborator(browser: Browser, holder: Page, email: string, firstName: string): Promise<Page> {
  await post(holder, 'collaborators/create', { form: {
    first_name: firstName, last_name: 'Martin', email, phone: '06 98 76 54 32',
    permissions: { can_buy: false, can_see_all_orders: false },
    password: GIVEN, confirmation: GIVEN, locale: 'fr' } });
  const page = await newPerson(browser);
  await post(page, 'auth/login', { form: { email, password: GIVEN } });
  await post(page, 'account/first-password', { password: PASSWORD, confirmation: PASSWORD });
  return page;
}

test('a project from its creation to production, seen by whom the permissions allow', async ({ page, browser, consoleErrors }) => {
  test.setTimeout(120_000);
  // The holder's account, and two collaborators who can neither buy nor see others' orders.
  await post(page, 'auth/signup', { form: { company_name: 'Circuits Morel', siret: '', first_name: 'Marie',
    last_name: 'Morel', email: unique('titulaire'), phone: '0612345678', password: PASSWORD, confirmation: PASSWORD, locale: 'fr' } });
  const alice = await collaborator(browser, page, unique('alice'), 'Alice');
  const bobEmail = unique('bob');
  const bob = await collaborator(browser, page, bobEmail, 'Bob');

  // Alice creates a project and sees the instant quote change with the quantity.
  await alice.goto('/account/projects');
  await hydrated(alice);
  await expect(alice.getByText("Vous n'avez aucun projet.")).toBeVisible();
  await alice.getByRole('link', { name: 'Nouveau projet' }).click();
  await expect(alice.getByRole('heading', { level: 1, name: 'Nouveau projet' })).toBeVisible();
  await field(alice, 'Nom du projet').fill('Carte capteur v2');
  await field(alice, 'Quantité (cartes)').fill('10');
  await field(alice, 'Largeur (mm)').fill('100');
  await field(alice, 'Hauteur (mm)').fill('80');
  const quote = alice.locator('.quote');
  // 2 layers, 80 cm², 10 boards: 70 € excl. VAT, 84 € incl. VAT (shared/src/pricing.rs).
  await expect(quote).toContainText('84,00');
  await field(alice, 'Quantité (cartes)').fill('20');
  await expect(quote).toContainText('124,80');
  await alice.getByRole('button', { name: 'Créer le projet' }).click();
  await expect(alice).toHaveURL(/\/account\/projects\/[0-9a-f-]{36}$/);
  await expect(alice.getByText('Projet créé')).toBeVisible();

  // The Gerber archive.
  const gerber = alice.locator('form', { has: alice.locator('input[name="kind"][value="gerber"]') });
  await gerber.locator('input[type="file"]').setInputFiles({ name: 'carte-capteur.zip', mimeType: 'application/zip',
    buffer: Buffer.concat([Buffer.from('PK\x03\x04', 'binary'), Buffer.alloc(200)]) });
  await gerber.getByRole('button', { name: 'Envoyer' }).click();
  await expect(alice.getByRole('link', { name: /carte-capteur\.zip|Télécharger/ }).first()).toBeVisible();

  // She cannot buy: she asks the account's buyers.
  await expect(alice.getByRole('heading', { name: "Demander l'achat" })).toBeVisible();
  await expect(alice.getByRole('button', { name: 'Commander' })).toHaveCount(0);
  await field(alice, 'Adresse').fill('12 rue des Forges');
  await field(alice, 'Code postal').fill('44000');
  await field(alice, 'Ville').fill('Nantes');
  await alice.getByLabel(/J'accepte les conditions générales de vente/).check();
  await alice.getByRole('button', { name: "Envoyer la demande d'achat" }).click();
  await expect(alice.getByText("Votre demande d'achat est envoyée")).toBeVisible();

  // The holder approves and chooses the bank transfer.
  await page.goto('/account/orders');
  await hydrated(page);
  await expect(page.getByText('Carte capteur v2').first()).toBeVisible();
  await page.getByRole('button', { name: 'Approuver' }).click();
  await expect(page.getByText('Demande approuvée')).toBeVisible();
  await page.getByRole('link', { name: 'Voir la commande' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /Commande n° \d+/ })).toBeVisible();
  const number = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/\d+/)![0];
  await page.getByLabel('Virement bancaire').check();
  await page.getByRole('button', { name: 'Valider le mode de paiement' }).click();
  await expect(page.getByText('FR76 3000 6000 0112 3456 7890 189')).toBeVisible();
  await expect(page.getByText(new RegExp(`EMS-${number}-\\d`))).toBeVisible();

  // Staff record the payment and start production.
  const staffEmail = unique('atelier');
  createStaff(staffEmail);
  const staff = await newPerson(browser);
  await staff.goto('/login');
  await hydrated(staff);
  await field(staff, 'E-mail').fill(staffEmail);
  await field(staff, 'Mot de passe').fill(PASSWORD);
  await staff.getByRole('button', { name: 'Se connecter' }).click();
  // Staff enrol a second factor at their first login.
  await enrolTwoFactor(staff);
  await staff.goto('/backoffice');
  await hydrated(staff);
  await expect(staff).toHaveURL(/\/backoffice$/);
  // Staff find the order by its number as people write it.
  await staff.getByRole('searchbox', { name: 'Rechercher' }).fill(`#${number}`);
  await staff.keyboard.press('Enter');
  await expect(staff).toHaveURL(/q=%23/);
  await expect(staff.getByRole('table', { name: 'Commandes des clients' }).getByRole('row')).toHaveCount(1 + 1);
  await staff.getByRole('link', { name: `n° ${number}` }).click();
  await expect(staff.getByRole('heading', { level: 1, name: new RegExp(`Commande n° ${number}`) })).toBeVisible();
  await staff.getByRole('button', { name: 'Enregistrer le paiement' }).click();
  await expect(staff.getByText('Paiement enregistré')).toBeVisible();
  await staff.getByRole('button', { name: "Passer à l'étape : Vérification des fichiers" }).click();
  await expect(staff.getByRole('button', { name: "Passer à l'étape : En production" })).toBeVisible();
  await staff.getByRole('button', { name: "Passer à l'étape : En production" }).click();
  await expect(staff.getByRole('button', { name: "Passer à l'étape : Expédiée" })).toBeVisible();

  // Alice follows the progress of the order placed for her.
  await alice.goto('/account/orders');
  await hydrated(alice);
  await alice.getByRole('link', { name: new RegExp(`${number}`) }).first().click();
  const progress = alice.locator('section', { has: alice.getByRole('heading', { name: 'Avancement' }) });
  await expect(progress).toContainText('Paiement reçu');
  await expect(progress).toContainText('En production');

  // Bob does not see it, until the holder lets him see all orders.
  await bob.goto('/account/orders');
  await hydrated(bob);
  await expect(bob.getByText("Vous n'avez aucune commande.")).toBeVisible();
  const space = await post(page, 'collaborators/list', {});
  const bobId = space.items.find((c: { email: string }) => c.email === bobEmail).user_id;
  await post(page, 'collaborators/permissions', { user_id: bobId, permissions: { can_buy: false, can_see_all_orders: true } });
  await bob.reload();
  await hydrated(bob);
  await expect(bob.getByRole('link', { name: new RegExp(`${number}`) }).first()).toBeVisible();
});
