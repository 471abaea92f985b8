import { test, expect, field, freshSiret, hydrated, newPerson, post, signUp, unique } from './fixtures';

/** The French VAT number of a SIRET's company: its key, then its SIREN. */
function frenchVatNumber(siret: string): string {
  const siren = Number(siret.slice(0, 9));
  const key = (12 + 3 * (siren % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siret.slice(0, 9)}`;
}

test('the holder gives the VAT number and billing address, a wrong key is said', async ({ page }) => {
  const siret = freshSiret();
  await signUp(page, 'Facturation Durand', unique('tva'), siret);
  await page.goto('/account/company');
  await hydrated(page);
  const vat = field(page, 'N° de TVA intracommunautaire');
  const right = frenchVatNumber(siret);
  const wrongKey = `FR${String((Number(right.slice(2, 4)) + 1) % 97).padStart(2, '0')}${right.slice(4)}`;
  await vat.fill(wrongKey);
  await page.getByRole('button', { name: 'Enregistrer la facturation' }).click();
  await expect(page.locator('#vat_number-error')).toContainText('Numéro de TVA intracommunautaire invalide');
  await expect(vat).toHaveAttribute('aria-invalid', 'true');

  // Typed with spaces, as on a letterhead; saved as printed.
  await vat.fill(`${right.slice(0, 2)} ${right.slice(2, 4)} ${right.slice(4, 7)} ${right.slice(7, 10)} ${right.slice(10)}`);
  await field(page, 'Nom ou service à facturer').fill('Facturation Durand, comptabilité');
  await page.locator('#billing_line1').fill('3 quai de la Fosse');
  await page.locator('#billing_postal_code').fill('44000');
  await page.locator('#billing_city').fill('Nantes');
  await page.getByRole('button', { name: 'Enregistrer la facturation' }).click();
  await expect(page.getByText('Facturation enregistrée.')).toBeVisible();
  await page.reload();
  await expect(field(page, 'N° de TVA intracommunautaire')).toHaveValue(right);
  await expect(page.locator('#billing_city')).toHaveValue('Nantes');
});

test('a VAT number of another company is refused, in English', async ({ browser }) => {
  const page = await newPerson(browser, 'en-GB');
  const siret = freshSiret();
  await signUp(page, 'Billing Roux', unique('vat-en'), siret);
  await page.goto('/account/company');
  await hydrated(page);
  const other = siret.startsWith('732829320') ? 'FR83404833048' : 'FR44732829320';
  await field(page, 'EU VAT number').fill(other);
  await page.getByRole('button', { name: 'Save the billing details' }).click();
  await expect(page.locator('#vat_number-error')).toHaveText("This VAT number is not the one of your SIRET's SIREN.");
  await page.context().close();
});

for (const words of [
  { locale: 'fr-FR', book: 'Adresses de livraison', empty: 'Aucune adresse enregistrée.', name: 'Nom de l\'adresse',
    makeDefault: 'En faire l\'adresse par défaut', add: 'Ajouter l\'adresse', isDefault: 'Adresse par défaut',
    saved: 'Adresse enregistrée', edit: 'Modifier', save: 'Enregistrer l\'adresse' },
  { locale: 'en-GB', book: 'Delivery addresses', empty: 'No saved address.', name: 'Name of the address',
    makeDefault: 'Make it the default address', add: 'Add the address', isDefault: 'Default address',
    saved: 'Saved address', edit: 'Change', save: 'Save the address' },
]) {
  test(`the address book fills the order form, its default first (${words.locale})`, async ({ browser }) => {
    const page = await newPerson(browser, words.locale);
    await signUp(page, 'Carnet Lefebvre', unique('carnet'));
    const project = await post(page, 'projects/create', { form: { name: 'Carte carnet', service: 'fabrication',
      quantity: '10', layers: '2', width_mm: '100', height_mm: '80', thickness: '1.6', finish: 'lead_free_hasl',
      mask: 'green', notes: '' } });
    await page.goto('/account/company');
    await hydrated(page);
    const book = page.locator('section', { has: page.getByRole('heading', { name: words.book }) });
    await expect(book.getByText(words.empty)).toBeVisible();
    for (const [label, city, asDefault] of [['Atelier de Nantes', 'Nantes', false], ['Bureau d\'Angers', 'Angers', true]] as const) {
      await field(page, words.name).fill(label);
      await book.locator('#recipient').fill('Carnet Lefebvre');
      await book.locator('#line1').fill('3 quai de la Fosse');
      await book.locator('#postal_code').fill('49000');
      await book.locator('#city').fill(city);
      if (asDefault) await book.getByLabel(words.makeDefault).check();
      await book.getByRole('button', { name: words.add }).click();
      await expect(book.getByText(label, { exact: true })).toBeVisible();
    }
    await expect(book.getByRole('listitem').first()).toContainText('Bureau d\'Angers');
    await expect(book.getByRole('listitem').first()).toContainText(words.isDefault);
    // Changed in place: the form takes the address, and the keyboard goes there.
    await book.getByRole('button', { name: new RegExp(`^${words.edit}\\W+Atelier de Nantes`) }).click();
    await expect(field(page, words.name)).toBeFocused();
    await expect(book.locator('#city')).toHaveValue('Nantes');
    await book.locator('#city').fill('Rezé');
    await book.getByRole('button', { name: words.save }).click();
    await expect(book.getByRole('listitem').filter({ hasText: 'Atelier de Nantes' })).toContainText('Rezé');
    await expect(book.getByRole('button', { name: words.add })).toBeVisible();

    // The order form opens with the default; choosing another fills the fields.
    await page.goto(`/account/projects/${project}`);
    await expect(page.locator('#city')).toHaveValue('Angers');
    await hydrated(page);
    await page.getByLabel(words.saved).selectOption({ label: 'Atelier de Nantes' });
    await expect(page.locator('#city')).toHaveValue('Rezé');
    await page.context().close();
  });
}
