import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import { test, expect, createProject, hydrated, newPerson, placeOrder, post, signUp, staffMember, unique } from './fixtures';

/** What the independent checker (scripts/check-documents: pypdf's text, the factur-x package's
 * XSD check) reads in a downloaded PDF. */
function checked(file: string): { text: string; facturx: { xsd_valid: boolean; level: string } | null } {
  const root = path.resolve(__dirname, '../..');
  const python = process.env.DOCUMENT_CHECKER_PYTHON ?? path.join(root, '.data/documents/venv/bin/python');
  return JSON.parse(execFileSync(python, [path.join(root, 'scripts/check-documents'), file]).toString());
}

/** Follows `link` from the keyboard (focus, Enter), which downloads a PDF named after `number`;
 * answers what the checker reads. */
async function download(page: Page, link: ReturnType<Page['getByRole']>, number: RegExp) {
  await link.focus();
  const [file]: [Download, void] = await Promise.all([page.waitForEvent('download'), link.press('Enter')]);
  expect(file.suggestedFilename()).toMatch(new RegExp(`^${number.source}\\.pdf$`));
  const saved = await file.path();
  expect(readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
  return checked(saved);
}

/** Staff who checked a second factor just now (recording a payment asks for it). */

const year = new Date().getFullYear();

for (const words of [
  { locale: 'fr-FR', language: 'fr', documents: 'Documents', proForma: 'Facture pro forma', invoice: 'Facture',
    creditNote: 'Avoir', quote: 'Devis', quotes: 'Devis', getQuote: 'Obtenir un devis', cancel: 'Annuler la commande',
    pdf: { proForma: 'FACTURE PRO FORMA', invoice: 'FACTURE', creditNote: 'AVOIR', quote: 'DEVIS' } },
  { locale: 'en-GB', language: 'en', documents: 'Documents', proForma: 'Pro forma invoice', invoice: 'Invoice',
    creditNote: 'Credit note', quote: 'Quote', quotes: 'Quotes', getQuote: 'Get a quote', cancel: 'Cancel the order',
    pdf: { proForma: 'PRO FORMA INVOICE', invoice: 'INVOICE', creditNote: 'CREDIT NOTE', quote: 'QUOTE' } },
]) {
  test(`a customer downloads each of their documents (${words.locale})`, async ({ browser }) => {
    test.setTimeout(90_000);
    const page = await newPerson(browser, words.locale);
    const company = `Circuits Docs ${Date.now()}`;
    await signUp(page, company, unique('documents'));
    await post(page, 'account/language', { locale: words.language });
    await post(page, 'account/addresses/add', { form: { label: 'Siège', recipient: company, line1: '12 rue des Forges',
      line2: '', postal_code: '44000', city: 'Nantes', country: 'FR', is_default: true } });
    const project = await createProject(page, 'Carte documents', { layers: '4', finish: 'enig' });
    const order = await placeOrder(page, project, company, 'PO-DOC');

    // Paid: staff record it, which issues the invoice.
    const staff = await staffMember(browser, 'atelier-docs');
    await post(staff, 'backoffice/record-payment', { order_id: order });

    // The order's documents are plain links: downloaded before the WASM too.
    await page.goto(`/account/orders/${order}`);
    const section = page.locator('section', { has: page.getByRole('heading', { name: words.documents }) });
    const proForma = await download(page, section.getByRole('link', { name: new RegExp(words.proForma) }), /PF-\d+/);
    expect(proForma.text).toContain(words.pdf.proForma);
    expect(proForma.text).toContain('PO-DOC');
    const invoice = await download(page, section.getByRole('link', { name: new RegExp(`^(Télécharger |Download )?${words.invoice} FA-`) }),
      new RegExp(`FA-${year}-\\d{5}`));
    expect(invoice.text).toContain(words.pdf.invoice);
    expect(invoice.facturx).toMatchObject({ xsd_valid: true, level: 'en16931' });

    // Cancelled after payment: the credit note.
    await hydrated(page);
    await page.getByRole('button', { name: words.cancel }).click();
    const creditLink = section.getByRole('link', { name: new RegExp(`${words.creditNote} AV-`) });
    await expect(creditLink).toBeVisible();
    const credit = await download(page, creditLink, new RegExp(`AV-${year}-\\d{5}`));
    expect(credit.text).toContain(words.pdf.creditNote);
    expect(credit.facturx).toMatchObject({ xsd_valid: true, level: 'en16931' });

    // A quote of the project, asked for on its page.
    await page.goto(`/account/projects/${project}`);
    await hydrated(page);
    const quotes = page.locator('section', { has: page.getByRole('heading', { name: words.quotes, exact: true }) });
    await quotes.getByRole('button', { name: words.getQuote }).click();
    await expect(page.getByRole('status').filter({ hasText: /DV-/ })).toBeVisible();
    const quote = await download(page, quotes.getByRole('link', { name: new RegExp(`${words.quote} DV-`) }),
      new RegExp(`DV-${year}-\\d{5}`));
    expect(quote.text).toContain(words.pdf.quote);
    expect(quote.text).toContain('Carte documents');

    // All four in the account's list, searched by number.
    await page.goto('/account/documents');
    const table = page.getByRole('table', { name: words.documents });
    await expect(table.getByRole('row')).toHaveCount(1 + 4);
    await page.getByRole('searchbox').fill('PF-');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/q=PF-/);
    await expect(table.getByRole('row')).toHaveCount(1 + 1);

    // Staff find them under the customer's name, and download them too.
    await staff.goto(`/backoffice/documents?q=${encodeURIComponent(company)}`);
    const staffTable = staff.getByRole('table', { name: 'Documents' });
    await expect(staffTable.getByRole('row')).toHaveCount(1 + 4);
    const staffCopy = await download(staff, staffTable.getByRole('link', { name: /Facture FA-/ }), new RegExp(`FA-${year}-\\d{5}`));
    expect(staffCopy.text).toContain(words.pdf.invoice);
    await staff.context().close();
    await page.context().close();
  });
}
