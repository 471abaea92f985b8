import { Browser, Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { test, expect, hydrated, field, origin, post, unique, PASSWORD } from './fixtures';

// Decisions made where they are written, as a person sees them, in French and in English: a
// buyer whose permission is withdrawn while the page is open, an upload made against an older
// version of the project, and an approval of a request whose project changed since.

const GIVEN = 'given by the holder 2026';

const TEXTS = {
  fr: {
    orderHeading: 'Commander',
    orderSubmit: 'Commander',
    terms: /J'accepte les conditions générales de vente/,
    requestHeading: "Demander l'achat",
    requestSubmit: "Envoyer la demande d'achat",
    notAllowed: "Vous ne pouvez pas commander pour ce compte : demandez l'achat à un acheteur du compte",
    requestSent: "Votre demande d'achat est envoyée",
    address: 'Adresse',
    postalCode: 'Code postal',
    city: 'Ville',
    notes: "Remarques pour l'atelier",
    name: 'Nom du projet',
    save: 'Enregistrer les modifications',
    saved: 'Projet enregistré.',
    upload: 'Envoyer',
    changedBy: 'Marie Morel a modifié ce projet',
    reload: 'Recharger le projet',
    reloaded: 'Projet rechargé',
    stored: '« carte-v2.zip » est enregistré.',
    toDecide: "Demandes d'achat à traiter",
    approve: 'Approuver',
    projectChanged: 'Le projet a changé depuis la demande : nom, caractéristiques de la carte, Gerber.',
    confirmVersion: 'Commander la version demandée',
    approved: 'Demande approuvée',
    seeOrder: 'Voir la commande',
  },
  en: {
    orderHeading: 'Order',
    orderSubmit: 'Place the order',
    terms: /I accept the terms of sale/,
    requestHeading: 'Ask for the purchase',
    requestSubmit: 'Send the purchase request',
    notAllowed: 'You cannot order for this account: ask one of its buyers to buy it instead',
    requestSent: 'Your purchase request is sent',
    address: 'Address',
    postalCode: 'Postal code',
    city: 'City',
    notes: 'Notes for the workshop',
    name: 'Project name',
    save: 'Save changes',
    saved: 'Project saved.',
    upload: 'Upload',
    changedBy: 'Marie Morel changed this project',
    reload: 'Reload the project',
    reloaded: 'Project reloaded',
    stored: '“carte-v2.zip” is saved.',
    toDecide: 'Purchase requests to decide',
    approve: 'Approve',
    projectChanged: 'The project changed since the request: name, board specification, Gerber.',
    confirmVersion: 'Order the version requested',
    approved: 'Request approved',
    seeOrder: 'See the order',
  },
};
type Lang = keyof typeof TEXTS;

const PROJECT = { name: 'Carte capteur', service: 'fabrication', quantity: '10', layers: '2', width_mm: '100',
  height_mm: '80', thickness: '1.6', finish: 'lead_free_hasl', mask: 'green', notes: '' };
const ORDER = { quantity: '10', lead_time: 'standard', recipient: 'Circuits Morel', line1: '12 rue des Forges',
  line2: '', postal_code: '44000', city: 'Nantes', country: 'FR', po_reference: '', terms_accepted: true };

function zip(name: string) {
  return { name, mimeType: 'application/zip', buffer: Buffer.concat([Buffer.from('PK\x03\x04', 'binary'), Buffer.alloc(200)]) };
}

async function upload(page: Page, project: string, version: number, name: string) {
  const response = await page.request.post('/api/projects/upload', {
    // Uploads need our Origin: a page sends it by itself, this request context does not.
    headers: origin(),
    multipart: { project_id: project, version: String(version), kind: 'gerber', file: zip(name) },
  });
  expect(response.status(), `upload: ${await response.text()}`).toBe(200);
  return response.json();
}

async function speaks(page: Page, lang: Lang) {
  await page.context().addCookies([{ name: 'lang', value: lang, url: test.info().project.use.baseURL! }]);
}

async function signUp(page: Page, lang: Lang) {
  await post(page, 'auth/signup', { form: { company_name: 'Circuits Morel', siret: '', first_name: 'Marie',
    last_name: 'Morel', email: unique('titulaire'), phone: '0612345678', password: PASSWORD, confirmation: PASSWORD,
    locale: lang } });
  await speaks(page, lang);
}

/** A collaborator created by the holder, logged in with their own password; answers the page and their id. */
async function collaborator(browser: Browser, holder: Page, lang: Lang, canBuy: boolean): Promise<[Page, string]> {
  const email = unique('collaborateur');
  await post(holder, 'collaborators/create', { form: {
    first_name: 'Bob', last_name: 'Martin', email, phone: '06 98 76 54 32',
    permissions: { can_buy: canBuy, can_see_all_orders: false },
    password: GIVEN, confirmation: GIVEN, locale: lang } });
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'fr-FR' });
  const page = await context.newPage();
  await post(page, 'auth/login', { form: { email, password: GIVEN } });
  await post(page, 'account/first-password', { password: PASSWORD, confirmation: PASSWORD });
  await speaks(page, lang);
  const space = await post(holder, 'collaborators/list', {});
  const id = space.items.find((c: { email: string }) => c.email === email).user_id;
  return [page, id];
}

for (const lang of Object.keys(TEXTS) as Lang[]) {
  const t = TEXTS[lang];

  test(`[${lang}] a buyer whose permission is withdrawn while the page is open is told to ask a buyer`, async ({ page, browser, consoleErrors }) => {
    test.setTimeout(60_000);
    await signUp(page, lang);
    const [bob, bobId] = await collaborator(browser, page, lang, true);
    const project = await post(bob, 'projects/create', { form: PROJECT });
    await bob.goto(`/account/projects/${project}`);
    await hydrated(bob);
    await expect(bob.getByRole('heading', { name: t.orderHeading, exact: true })).toBeVisible();

    // The holder withdraws "can buy" while Bob fills the order form.
    await post(page, 'collaborators/permissions', { user_id: bobId, permissions: { can_buy: false, can_see_all_orders: false } });
    await field(bob, t.address).fill('12 rue des Forges');
    await field(bob, t.postalCode).fill('44000');
    await field(bob, t.city).fill('Nantes');
    await bob.getByLabel(t.terms).check();
    await bob.getByRole('button', { name: t.orderSubmit, exact: true }).click();

    // He is told why, and the same form now asks the account's buyers.
    await expect(bob.getByRole('alert').filter({ hasText: t.notAllowed })).toBeVisible();
    await expect(bob.getByRole('heading', { name: t.requestHeading })).toBeVisible();
    await expect(field(bob, t.address)).toHaveValue('12 rue des Forges');
    await bob.getByRole('button', { name: t.requestSubmit }).click();
    await expect(bob.getByText(t.requestSent)).toBeVisible();
    await bob.context().close();
  });

  test(`[${lang}] an upload made against an older version of the project says who changed it`, async ({ page, consoleErrors }) => {
    test.setTimeout(60_000);
    await signUp(page, lang);
    const project = await post(page, 'projects/create', { form: PROJECT });
    await page.goto(`/account/projects/${project}`);
    await hydrated(page);

    // Another tab saves the project meanwhile.
    const loaded = await post(page, 'projects/get', { project_id: project });
    await post(page, 'projects/save', { project_id: project, version: loaded.version, form: { ...PROJECT, notes: 'Vernis sur J3' } });

    const gerber = page.locator('form', { has: page.locator('input[name="kind"][value="gerber"]') });
    await gerber.locator('input[type="file"]').setInputFiles(zip('carte-v2.zip'));
    await gerber.getByRole('button', { name: t.upload }).click();
    await expect(gerber.getByRole('alert')).toContainText(t.changedBy);
    await gerber.getByRole('button', { name: t.reload }).click();
    await expect(page.getByText(t.reloaded)).toBeVisible();
    await expect(field(page, t.notes)).toHaveValue('Vernis sur J3');

    await gerber.locator('input[type="file"]').setInputFiles(zip('carte-v2.zip'));
    await gerber.getByRole('button', { name: t.upload }).click();
    await expect(gerber).toContainText(t.stored);
    // The upload made a new version, which the page took: its next save goes through.
    await field(page, t.name).fill('Carte capteur v2');
    await page.getByRole('button', { name: t.save }).click();
    await expect(page.getByText(t.saved)).toBeVisible();
  });

  test(`[${lang}] approving a request whose project changed since orders the version requested`, async ({ page, browser, consoleErrors }) => {
    test.setTimeout(60_000);
    await signUp(page, lang);
    const [alice] = await collaborator(browser, page, lang, false);
    const project = await post(alice, 'projects/create', { form: PROJECT });
    const first = await upload(alice, project, 1, 'carte-v1.zip');
    await post(alice, 'purchase-requests/create', { project_id: project, project_version: first.version,
      form: ORDER, idempotency_key: randomUUID() });
    // Since the request: a new name, a wider board, a new Gerber archive.
    const saved = await post(alice, 'projects/save', { project_id: project, version: first.version,
      form: { ...PROJECT, name: 'Carte capteur v3', width_mm: '120' } });
    await upload(alice, project, saved, 'carte-v3.zip');

    await page.goto('/account/orders');
    await hydrated(page);
    const toDecide = page.locator('section', { has: page.getByRole('heading', { name: t.toDecide }) });
    await toDecide.locator('li').first().getByRole('button', { name: t.approve }).click();
    await expect(page.getByRole('alert')).toContainText(t.projectChanged);
    const confirm = page.getByRole('button', { name: t.confirmVersion });
    await expect(confirm).toBeFocused();
    await confirm.click();
    await expect(page.getByText(t.approved)).toBeVisible();

    // The order is what Alice asked for: the first name, the narrower board, the first archive.
    await page.getByRole('link', { name: t.seeOrder }).first().click();
    await expect(page.getByText('100 × 80')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Carte capteur', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: /carte-v1\.zip/ })).toBeVisible();
    await alice.context().close();
  });
}
