import { test, expect, hydrated, field, freshSiret, newPerson, post, proveAddress, signUp, unique, PASSWORD } from './fixtures';

const GIVEN = 'given by the holder 2026';

/** The date `days` from now, as the pages write it (in Europe/Paris, people's default zone). */
function inDays(days: number, locale: 'fr' | 'en'): string {
  const date = new Date(Date.now() + days * 86_400_000);
  if (locale === 'fr') {
    return date.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
  }
  const part = (type: string) =>
    new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' })
      .formatToParts(date)
      .find((p) => p.type === type)!.value;
  return `${part('day')} ${part('month')} ${part('year')}`;
}

test('option 1 and option 2, in French', async ({ page, browser, consoleErrors }) => {
  const holderEmail = unique('titulaire');
  const siret = freshSiret();
  await signUp(page, 'Circuits Dupuis', holderEmail, siret);

  await page.goto('/account/collaborators');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Mes collaborateurs' })).toBeVisible();
  await expect(page.getByText("Vous n'avez aucun collaborateur.")).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Faire une demande de collaboration' })).toBeVisible();
  await expect(field(page, 'Siret ou Email du compte auquel vous souhaitez être rattaché')).toBeVisible();

  // Option 1: the seed's form, each field's error first.
  await page.getByRole('link', { name: 'Créer un compte collaborateur' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Création compte collaborateur' })).toBeVisible();
  await page.getByRole('button', { name: 'Créer le compte collaborateur' }).click();
  await expect(page.getByRole('alert').first()).toContainText('Le formulaire contient des erreurs');
  for (const [id, label] of [['first_name', 'Prénom'], ['last_name', 'Nom'], ['email', 'E-mail'],
    ['phone', 'Numéro de téléphone'], ['password', 'Mot de passe']] as const) {
    const control = field(page, label);
    await expect(control, label).toHaveAttribute('aria-invalid', 'true');
    await expect(control, label).toHaveAttribute('aria-describedby', new RegExp(`${id}-error`));
    await expect(page.locator(`#${id}-error`), label).toBeVisible();
  }
  await expect(field(page, 'Prénom')).toBeFocused();

  const collaboratorEmail = unique('paul');
  await field(page, 'Prénom').fill('Paul');
  await field(page, 'Nom').fill('Martin');
  await field(page, 'E-mail').fill('pas-une-adresse');
  await field(page, 'Numéro de téléphone').fill('06 98 76 54 32');
  const canBuy = page.getByRole('group', { name: 'Il peut acheter ?' });
  const allOrders = page.getByRole('group', { name: /Il peut voir toutes les commandes des collaborateurs de ce compte/ });
  await expect(canBuy.getByLabel('non')).toBeChecked();
  await expect(allOrders.getByLabel('non')).toBeChecked();
  await expect(canBuy).toContainText("l'espace créé permettra de passer commande");
  await field(page, 'Mot de passe').fill('given by the holder 2026');
  await field(page, 'Confirmation').fill('given by the holder 2026');
  await page.getByRole('button', { name: 'Créer le compte collaborateur' }).click();
  await expect(page.locator('#email-error')).toContainText('Saisissez une adresse e-mail valide');
  await field(page, 'E-mail').fill(collaboratorEmail);
  await page.getByRole('button', { name: 'Créer le compte collaborateur' }).click();

  await expect(page).toHaveURL(/\/account\/collaborators\?done=created$/);
  await expect(page.getByRole('status').first()).toContainText('Le compte collaborateur est créé');
  await expect(page.getByRole('row', { name: /Paul Martin/ })).toBeVisible();

  // The collaborator logs in and must choose a password first.
  const paul = await newPerson(browser);
  await paul.goto('/login');
  await hydrated(paul);
  await field(paul, 'E-mail').fill(collaboratorEmail);
  await field(paul, 'Mot de passe').fill('given by the holder 2026');
  await paul.getByRole('button', { name: 'Se connecter' }).click();
  await expect(paul.getByRole('heading', { name: 'Choisissez votre mot de passe' })).toBeVisible();
  await field(paul, 'Nouveau mot de passe').fill('my very own password');
  await field(paul, 'Confirmation').fill('my very own password');
  await paul.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
  await expect(paul.getByRole('navigation', { name: 'Menu de mon espace' })).toBeVisible();
  await paul.getByRole('link', { name: 'Mes collaborateurs' }).click();
  await expect(paul.getByRole('heading', { name: 'Les comptes dont je suis collaborateur' })).toBeVisible();
  await expect(paul.getByText('Circuits Dupuis').first()).toBeVisible();

  // Option 2: someone with their own account asks by SIRET, sees the company, sends.
  const lea = await newPerson(browser);
  const leaEmail = unique('lea');
  await signUp(lea, 'Léa Conseil', leaEmail, '', 'Léa', 'Bernard');
  proveAddress(leaEmail);
  await lea.goto('/account/collaborators');
  await hydrated(lea);
  const reference = field(lea, 'Siret ou Email du compte auquel vous souhaitez être rattaché');
  await reference.fill('123');
  await lea.getByRole('button', { name: "Demande d'invitation" }).click();
  await expect(lea.locator('#reference-error')).toContainText("Ce SIRET n'est pas valide");
  await expect(reference).toHaveAttribute('aria-invalid', 'true');
  await reference.fill(siret);
  await lea.getByRole('button', { name: "Demande d'invitation" }).click();
  await expect(lea.getByText('Ce SIRET est celui de Circuits Dupuis')).toBeVisible();
  await lea.getByRole('button', { name: 'Confirmer la demande' }).click();
  await expect(lea.getByText('Votre demande est envoyée')).toBeVisible();
  await expect(lea.getByText(/Demande à Circuits Dupuis/)).toBeVisible();

  // The holder accepts, with "can buy".
  await page.goto('/account/collaborators');
  await hydrated(page);
  await expect(page.getByRole('link', { name: /Mes collaborateurs.*1 demande/ })).toBeVisible();
  const request = page.getByRole('listitem').filter({ hasText: 'Léa Bernard' });
  await request.getByRole('group', { name: 'Il peut acheter ?' }).getByLabel('oui').check();
  await request.getByRole('button', { name: 'Accepter Léa Bernard' }).click();
  await expect(page.getByText("C'est accepté.")).toBeVisible();

  const leaRow = page.getByRole('row', { name: /Léa Bernard/ });
  const paulRow = page.getByRole('row', { name: /Paul Martin/ });
  await expect(leaRow.getByRole('cell').nth(2)).toHaveText('oui');
  await expect(leaRow.getByRole('cell').nth(3)).toHaveText('non');
  await expect(paulRow.getByRole('cell').nth(2)).toHaveText('non');
  await expect(paulRow.getByRole('cell').nth(3)).toHaveText('non');
  await expect(page.getByRole('heading', { name: 'Historique' })).toBeVisible();

  // Léa now belongs to two accounts: the header lets her act for the other one.
  await lea.goto('/account/collaborators');
  await hydrated(lea);
  const switcher = lea.getByRole('combobox', { name: 'Compte' });
  await expect(switcher.getByRole('option')).toHaveText(['Léa Conseil', 'Circuits Dupuis']);
  // Choosing changes nothing by itself (WCAG 3.2.2): the button sends the choice.
  await switcher.selectOption({ label: 'Circuits Dupuis' });
  await lea.getByRole('button', { name: 'Changer de compte' }).click();
  await expect(lea.getByText('Les collaborateurs du compte Circuits Dupuis.')).toBeVisible();
  await expect(lea.getByRole('row', { name: /Paul Martin/ })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('the same page in English, and option 1 in full', async ({ page, consoleErrors }) => {
  await signUp(page, 'Board Works', unique('holder'));
  await page.goto('/account/collaborators');
  await hydrated(page);
  await page.getByRole('button', { name: 'EN' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My collaborators' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Create a collaborator account' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Ask to collaborate' })).toBeVisible();
  await expect(field(page, 'SIRET or e-mail of the account you want to be attached to')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Request an invitation' })).toBeVisible();
  await expect(page.getByText('You have no collaborators.')).toBeVisible();

  await page.getByRole('link', { name: 'Create a collaborator account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New collaborator account' })).toBeVisible();
  await field(page, 'First name').fill('Ada');
  await field(page, 'Last name').fill('Lovelace');
  await field(page, 'E-mail').fill(unique('ada'));
  await field(page, 'Phone number').fill('+44 20 7946 0958');
  await page.getByRole('group', { name: 'Can they buy?' }).getByLabel('yes').check();
  await page.getByRole('group', { name: /Can they see all orders of this account's collaborators/ }).getByLabel('yes').check();
  await field(page, 'Password').fill('given by the holder 2026');
  await field(page, 'Confirmation').fill('given by the holder 2026');
  await page.getByRole('button', { name: 'Create the collaborator account' }).click();

  await expect(page.getByText('The collaborator account is created')).toBeVisible();
  const row = page.getByRole('row', { name: /Ada Lovelace/ });
  await expect(row.getByRole('cell').nth(2)).toHaveText('yes');
  await expect(row.getByRole('cell').nth(3)).toHaveText('yes');
  await expect(row.getByRole('cell').nth(4)).toHaveText('Active');
  expect(consoleErrors).toEqual([]);
});

test('a proven address to ask, a request by e-mail that reveals nothing, invitations that end, in French', async ({ page, browser, consoleErrors }) => {
  const holderEmail = unique('titulaire');
  await signUp(page, 'Atelier Morel', holderEmail, freshSiret(), 'Marie', 'Morel');

  // Léa asks by the holder's address: her own must be proven first.
  const lea = await newPerson(browser);
  const leaEmail = unique('lea');
  await signUp(lea, 'Léa Conseil', leaEmail, '', 'Léa', 'Bernard');
  await lea.goto('/account/collaborators');
  await hydrated(lea);
  const reference = field(lea, 'Siret ou Email du compte auquel vous souhaitez être rattaché');
  const typed = holderEmail.toUpperCase();
  await reference.fill(typed);
  await lea.getByRole('button', { name: "Demande d'invitation" }).click();
  const asking = lea.getByRole('region', { name: 'Faire une demande de collaboration' });
  await expect(asking.getByRole('alert')).toContainText("Confirmez d'abord votre adresse e-mail");
  proveAddress(leaEmail);
  await lea.getByRole('button', { name: "Demande d'invitation" }).click();
  await expect(lea.getByText('Votre demande est envoyée')).toBeVisible();
  // Her list shows the address she typed, never the company, and when the request lapses.
  const toHolder = lea.getByRole('listitem').filter({ hasText: `Demande à ${typed}` });
  await expect(toHolder).toContainText(`sans réponse, elle expire le ${inDays(30, 'fr')}`);
  await expect(lea.getByText('Atelier Morel')).toHaveCount(0);

  // An address that is nobody's looks the same, and is pending the same.
  await reference.fill('personne@nulle-part.fr');
  await lea.getByRole('button', { name: "Demande d'invitation" }).click();
  const toNobody = lea.getByRole('listitem').filter({ hasText: 'Demande à personne@nulle-part.fr' });
  await expect(toNobody).toContainText(`sans réponse, elle expire le ${inDays(30, 'fr')}`);
  // A request sent empties the field: the second one types the address again.
  await expect(reference).toHaveValue('');
  await reference.fill('personne@nulle-part.fr');
  await lea.getByRole('button', { name: "Demande d'invitation" }).click();
  await expect(lea.locator('#reference-error')).toContainText('Une demande est déjà en attente pour ce compte ou cette adresse.');
  await toNobody.getByRole('button', { name: 'Annuler la demande' }).click();
  await expect(lea.getByText('La demande est annulée.')).toBeVisible();
  await expect(toNobody).toHaveCount(0);
  await expect(toHolder).toBeVisible();

  // The holder sees that Léa's address is proven, and until when her request waits.
  await page.goto('/account/collaborators');
  await hydrated(page);
  const incoming = page.getByRole('region', { name: 'Demandes de collaboration à traiter' });
  const request = incoming.getByRole('listitem').filter({ hasText: 'Léa Bernard' });
  await expect(request).toContainText('Adresse e-mail confirmée.');
  await expect(request).toContainText(`Sans réponse, la demande expire le ${inDays(30, 'fr')}.`);

  // An invitation to someone who has an account: listed with its expiry, then withdrawn.
  const hugo = await newPerson(browser);
  const hugoEmail = unique('hugo');
  await signUp(hugo, 'Hugo Conseil', hugoEmail, '', 'Hugo', 'Petit');
  await page.getByRole('link', { name: 'Créer un compte collaborateur' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Création compte collaborateur' })).toBeVisible();
  await field(page, 'Prénom').fill('Hugo');
  await field(page, 'Nom').fill('Petit');
  await field(page, 'E-mail').fill(hugoEmail);
  await field(page, 'Numéro de téléphone').fill('06 98 76 54 32');
  await field(page, 'Mot de passe').fill(GIVEN);
  await field(page, 'Confirmation').fill(GIVEN);
  await page.getByRole('button', { name: 'Créer le compte collaborateur' }).click();
  await expect(page.getByText('Cette personne a déjà un compte EMS PROTO')).toBeVisible();
  await page.getByRole('button', { name: 'Envoyer une invitation' }).click();
  await expect(page).toHaveURL(/\/account\/collaborators\?done=invited$/);
  await expect(page.getByText("L'invitation est envoyée.")).toBeVisible();
  const sent = page.getByRole('region', { name: 'Invitations envoyées' });
  await expect(sent).toContainText('Hugo Petit');
  await expect(sent).toContainText(`sans réponse, elle expire le ${inDays(14, 'fr')}`);

  await hugo.goto('/account/collaborators');
  await hydrated(hugo);
  await expect(hugo.getByText(`Sans réponse, l'invitation expire le ${inDays(14, 'fr')}.`)).toBeVisible();

  await sent.getByRole('button', { name: "Retirer l'invitation de Hugo Petit" }).click();
  await expect(page.getByText("L'invitation est retirée.")).toBeVisible();
  await expect(sent).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Historique' })).toContainText("Marie Morel a retiré l'invitation de Hugo Petit");
  await hugo.reload();
  await hydrated(hugo);
  await expect(hugo.getByRole('heading', { name: 'Invitations reçues' })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('the holder role goes to a proven address, and each step is in the history, in English', async ({ page, browser, consoleErrors }) => {
  await signUp(page, 'Board Works', unique('holder'), '', 'Grace', 'Hopper');
  const adaEmail = unique('ada');
  await post(page, 'collaborators/create', { form: {
    first_name: 'Ada', last_name: 'Lovelace', email: adaEmail, phone: '+44 20 7946 0958',
    permissions: { can_buy: false, can_see_all_orders: false },
    password: GIVEN, confirmation: GIVEN, locale: 'en' } });
  const ada = await newPerson(browser);
  await post(ada, 'auth/login', { form: { email: adaEmail, password: GIVEN } });
  await post(ada, 'account/first-password', { password: PASSWORD, confirmation: PASSWORD });

  // Until Ada proves her address, she cannot be offered the holder role.
  await page.goto('/account/collaborators');
  await hydrated(page);
  await page.getByRole('button', { name: 'EN' }).click();
  const row = page.getByRole('row', { name: /Ada Lovelace/ });
  await expect(row).toContainText('(address not confirmed)');
  await expect(row.getByRole('button', { name: 'Offer the holder role Ada Lovelace' })).toHaveCount(0);
  proveAddress(adaEmail);
  await page.reload();
  await hydrated(page);
  await expect(row).not.toContainText('(address not confirmed)');
  await row.getByRole('button', { name: 'Offer the holder role Ada Lovelace' }).click();
  await expect(page.getByText('The offer is sent; the collaborator must accept it.')).toBeVisible();
  await expect(page.getByText('You offered the holder role to Ada Lovelace; their answer is pending.')).toBeVisible();

  // Ada declines.
  await ada.goto('/account/collaborators');
  await hydrated(ada);
  await ada.getByRole('button', { name: 'EN' }).click();
  const offer = ada.getByRole('region', { name: 'Account holder role' });
  await expect(offer).toContainText('The holder of Board Works offers you the holder role in their place');
  await offer.getByRole('button', { name: 'Decline' }).click();
  await expect(ada.getByText('Declined.')).toBeVisible();
  await expect(offer).toHaveCount(0);

  // Offered again, then deactivated: the offer ends with her access.
  await page.reload();
  await hydrated(page);
  const history = page.getByRole('region', { name: 'History' });
  await expect(history).toContainText('Ada Lovelace declined the holder role');
  await expect(history).toContainText('Grace Hopper offered the holder role to Ada Lovelace');
  await row.getByRole('button', { name: 'Offer the holder role Ada Lovelace' }).click();
  const waiting = page.getByText('You offered the holder role to Ada Lovelace; their answer is pending.');
  await expect(waiting).toBeVisible();
  await row.getByRole('button', { name: 'Deactivate Ada Lovelace' }).click();
  await expect(page.getByText('The collaborator is deactivated')).toBeVisible();
  await expect(waiting).toHaveCount(0);
  await expect(history).toContainText('Grace Hopper withdrew the offer of the holder role to Ada Lovelace');
  await expect(history).toContainText('Grace Hopper deactivated Ada Lovelace');
  expect(consoleErrors).toEqual([]);
});
