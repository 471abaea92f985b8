import { test, expect, hydrated, newPerson, post, signUp, unique, PASSWORD } from './fixtures';

// "Mon compte", recent activity: a failed and a successful login from elsewhere are listed with
// their address, and "log out my other sessions" (used from the keyboard) ends the other one.
test('recent activity in Mon compte, and the other sessions logged out from the keyboard', async ({ page, browser, consoleErrors }) => {
  const email = unique('activite');
  await signUp(page, 'Activité Conseil', email);

  const elsewhere = await newPerson(browser);
  const wrong = await elsewhere.request.post('/api/auth/login', {
    data: { form: { email, password: 'not the right password at all' } },
  });
  expect(wrong.status()).toBe(401);
  await post(elsewhere, 'auth/login', { form: { email, password: PASSWORD } });

  await page.goto('/account/profile');
  const activity = page.getByRole('region', { name: 'Activité récente' });
  const rows = activity.getByRole('table', { name: 'Activité récente' }).getByRole('row');
  const failed = rows.filter({ has: page.getByRole('cell', { name: 'Mot de passe erroné', exact: true }) });
  await expect(failed).toHaveCount(1);
  await expect(failed.getByRole('cell', { name: '127.0.0.1', exact: true })).toBeVisible();
  await expect(rows.filter({ has: page.getByRole('cell', { name: 'Connexion', exact: true }) })).toHaveCount(1);

  await hydrated(page);
  const endOthers = activity.getByRole('button', { name: 'Déconnecter mes autres sessions' });
  await endOthers.focus();
  await page.keyboard.press('Enter');
  await expect(activity.getByRole('status')).toHaveText('Vos autres sessions sont fermées ; celle-ci reste ouverte.');
  await expect(rows.filter({ has: page.getByRole('cell', { name: 'Autres sessions déconnectées', exact: true }) })).toHaveCount(1);

  // The other browser is logged out; this one is not.
  expect(await post(elsewhere, 'auth/me', {})).toBeNull();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
});
