import { test, expect, hydrated, field, post, PASSWORD } from './fixtures';

test('project form, conflict, files and ordering as a buyer', async ({ page, browser, consoleErrors }) => {
  test.setTimeout(120_000);
  const email = `ui-${Date.now()}@example.fr`;
  await post(page, 'auth/signup', { form: { company_name: 'Circuits Morel', siret: '', first_name: 'Marie',
    last_name: 'Morel', email, phone: '0612345678', password: PASSWORD, confirmation: PASSWORD, locale: 'fr' } });

  await page.goto('/account/projects/new');
  await hydrated(page);
  await field(page, 'Largeur (mm)').fill('3');
  await expect(page.locator('.quote')).toContainText('Le devis s\'affiche');
  await page.getByRole('button', { name: 'Créer le projet' }).click();
  await expect(page.locator('#width_mm-error')).toHaveText('Cette valeur est hors des limites indiquées.');
  await expect(field(page, 'Largeur (mm)')).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page, 'Nom du projet')).toBeFocused();
  await field(page, 'Nom du projet').fill('Carte test');
  await field(page, 'Largeur (mm)').fill('100');
  await page.getByLabel('Couleur du vernis épargne').selectOption('black');
  await page.getByLabel('Assemblage', { exact: true }).check();
  await page.getByRole('button', { name: 'Créer le projet' }).click();
  await expect(page).toHaveURL(/\/account\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Projet créé')).toBeVisible();
  await expect(page.getByLabel('Couleur du vernis épargne')).toHaveValue('black');
  await expect(page.getByLabel('Assemblage', { exact: true })).toBeChecked();
  const url = page.url();

  // A second tab saves first; this one learns who, and reloads.
  const other = await page.context().newPage();
  await other.goto(url);
  await hydrated(other);
  await field(other, 'Nom du projet').fill('Carte test (Bob)');
  await other.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(other.getByText('Projet enregistré.')).toBeVisible();
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Carte test (Bob)');

  await field(page, 'Remarques pour l\'atelier').fill('Vernis sur J3');
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(page.getByRole('alert').first()).toContainText('a modifié ce projet');
  await page.getByRole('button', { name: 'Recharger le projet' }).click();
  await expect(page.getByText('Projet rechargé')).toBeVisible();
  await expect(field(page, 'Nom du projet')).toHaveValue('Carte test (Bob)');
  await field(page, 'Remarques pour l\'atelier').fill('Vernis sur J3');
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(page.getByText('Projet enregistré.')).toBeVisible();

  // Files: too large (refused here), wrong type (refused by the server), then a good one.
  const gerber = page.locator('form', { has: page.locator('input[name="kind"][value="gerber"]') });
  await gerber.locator('input[type="file"]').setInputFiles({ name: 'big.zip', mimeType: 'application/zip',
    buffer: Buffer.alloc(20 * 1024 * 1024 + 1) });
  await gerber.getByRole('button', { name: 'Envoyer' }).click();
  await expect(gerber.getByRole('alert')).toHaveText('Ce fichier dépasse 20 Mo.');
  await gerber.locator('input[type="file"]').setInputFiles({ name: 'carte.zip', mimeType: 'application/zip',
    buffer: Buffer.from('not a zip at all') });
  await gerber.getByRole('button', { name: 'Envoyer' }).click();
  await expect(gerber.getByRole('alert')).toHaveText("Ce type de fichier n'est pas accepté ici.");
  await gerber.locator('input[type="file"]').setInputFiles({ name: 'carte.zip', mimeType: 'application/zip',
    buffer: Buffer.concat([Buffer.from('PK\x03\x04', 'binary'), Buffer.alloc(200)]) });
  await gerber.getByRole('button', { name: 'Envoyer' }).click();
  await expect(gerber).toContainText('« carte.zip » est enregistré.');
  await expect(page.getByRole('link', { name: /carte\.zip/ })).toBeVisible();

  // The holder can buy: the order form, prices per lead time, then the order's page.
  await expect(page.getByRole('heading', { name: 'Commander' })).toBeVisible();
  await expect(field(page, 'Destinataire (société)')).toHaveValue('Circuits Morel');
  await page.getByLabel(/^Express/).check();
  await field(page, 'Adresse').fill('12 rue des Forges');
  await field(page, 'Code postal').fill('4400');
  await field(page, 'Ville').fill('Nantes');
  await page.getByRole('button', { name: 'Commander', exact: true }).click();
  await expect(page.locator('#postal_code-error')).toContainText('Ce code postal');
  // The terms of sale are accepted explicitly, at each order.
  await expect(page.locator('#terms_accepted-error')).toContainText('Acceptez les conditions générales de vente');
  await field(page, 'Code postal').fill('44000');
  await page.getByLabel(/J'accepte les conditions générales de vente/).check();
  await page.getByRole('button', { name: 'Commander', exact: true }).click();
  await expect(page).toHaveURL(/\/account\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: /Commande n° \d+/ })).toBeVisible();
  await expect(page.locator('.timeline')).toContainText('en attente');
  await page.getByLabel('Virement bancaire').check();
  await page.getByRole('button', { name: 'Valider le mode de paiement' }).click();
  await expect(page.getByText('Mode de paiement enregistré.')).toBeVisible();
  await expect(page.getByText('Coordonnées bancaires')).toBeVisible();

  // The list shows it; English too.
  await page.goto('/account/orders');
  await hydrated(page);
  await expect(page.getByRole('cell', { name: 'En attente de paiement' })).toBeVisible();
  await page.goto('/account/projects');
  await hydrated(page);
  await expect(page.getByRole('link', { name: 'Carte test (Bob)' })).toBeVisible();
  await other.close();
});

test('purchase requests: a project changed since, decline with a message, withdrawal', async ({ page, browser, consoleErrors }) => {
  test.setTimeout(120_000);
  const email = `uireq-${Date.now()}@example.fr`;
  await post(page, 'auth/signup', { form: { company_name: 'Circuits Morel', siret: '', first_name: 'Marie',
    last_name: 'Morel', email, phone: '0612345678', password: PASSWORD, confirmation: PASSWORD, locale: 'fr' } });
  const aliceEmail = `alice-${Date.now()}@example.fr`;
  await post(page, 'collaborators/create', { form: { first_name: 'Alice', last_name: 'Martin', email: aliceEmail,
    phone: '06 98 76 54 32', permissions: { can_buy: false, can_see_all_orders: false },
    password: 'given by the holder 2026', confirmation: 'given by the holder 2026', locale: 'fr' } });
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'fr-FR' });
  const alice = await context.newPage();
  await post(alice, 'auth/login', { form: { email: aliceEmail, password: 'given by the holder 2026' } });
  await post(alice, 'account/first-password', { password: PASSWORD, confirmation: PASSWORD });
  const form = { name: 'Carte prix', service: 'fabrication', quantity: '10', layers: '2', width_mm: '100',
    height_mm: '80', thickness: '1.6', finish: 'lead_free_hasl', mask: 'green', notes: '' };
  const project = await post(alice, 'projects/create', { form });

  await alice.goto(`/account/projects/${project}`);
  await hydrated(alice);
  for (const note of ['one', 'two', 'three']) {
    await field(alice, 'Adresse').fill(`12 rue des Forges ${note}`);
    await field(alice, 'Code postal').fill('44000');
    await field(alice, 'Ville').fill('Nantes');
    await alice.getByLabel(/J'accepte les conditions générales de vente/).check();
    await alice.getByRole('button', { name: "Envoyer la demande d'achat" }).click();
    await expect(alice.getByText("Votre demande d'achat est envoyée")).toBeVisible();
    await alice.reload();
    await hydrated(alice);
  }
  // The project changes since the requests: a wider board.
  await field(alice, 'Largeur (mm)').fill('120');
  await alice.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  await expect(alice.getByText('Projet enregistré.')).toBeVisible();

  await alice.goto('/account/orders');
  await hydrated(alice);
  await expect(alice.getByRole('heading', { name: "Mes demandes d'achat" })).toBeVisible();
  await alice.getByRole('button', { name: 'Annuler la demande' }).first().click();
  await expect(alice.getByText('Demande annulée.')).toBeVisible();

  await page.goto('/account/orders');
  await hydrated(page);
  const toDecide = page.locator('section', { has: page.getByRole('heading', { name: "Demandes d'achat à traiter" }) });
  await expect(toDecide.locator('li')).toHaveCount(2);
  // Approving orders the board requested: the buyer is told what changed and confirms.
  await toDecide.locator('li').first().getByRole('button', { name: 'Approuver' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Le projet a changé depuis la demande : caractéristiques de la carte.');
  const confirm = page.getByRole('button', { name: 'Commander la version demandée' });
  await expect(confirm).toBeFocused();
  await confirm.click();
  await expect(page.getByText('Demande approuvée')).toBeVisible();
  await expect(toDecide.locator('li')).toHaveCount(1);
  await toDecide.getByLabel(/Message au demandeur/).fill('Pas ce mois-ci.');
  await toDecide.getByRole('button', { name: 'Refuser' }).click();
  await expect(page.getByText('Demande refusée')).toBeVisible();

  // "Mes commandes" shows the open requests; the decided ones are on the requests' page.
  await alice.reload();
  await hydrated(alice);
  await alice.getByRole('link', { name: "Toutes les demandes d'achat" }).click();
  await expect(alice).toHaveURL(/\/account\/purchase-requests$/);
  await expect(alice.getByText('Message de l\'acheteur : Pas ce mois-ci.')).toBeVisible();
  // The requests' states (the filter above offers states of the same names).
  const states = alice.locator('.request__state');
  await expect(states.filter({ hasText: 'Approuvée' })).toBeVisible();
  await expect(states.filter({ hasText: 'Annulée' })).toBeVisible();

  // English.
  await context.addCookies([{ name: 'lang', value: 'en', url: test.info().project.use.baseURL! }]);
  await alice.goto('/account/purchase-requests');
  await hydrated(alice);
  await expect(alice.getByRole('heading', { name: 'Purchase requests' })).toBeVisible();
  await alice.getByRole('link', { name: 'See the order' }).first().click();
  await expect(alice.getByRole('heading', { name: 'Progress' })).toBeVisible();
  // The order is the board requested, not the wider one saved since.
  await expect(alice.getByText('100 × 80')).toBeVisible();
  await expect(alice.getByText('Awaiting payment: one of the account\'s buyers will choose how to pay.')).toBeVisible();
  await context.close();
});
