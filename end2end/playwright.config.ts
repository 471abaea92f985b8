import { defineConfig, devices } from '@playwright/test';
import path from 'node:path';

// `make test` runs the suite through nginx in front of two release server processes (scripts/
// cluster), started before and named by E2E_BASE_URL: a person's requests land on either process.
// Without it, one release server on its own port and its own fresh database, started here.
const cluster = process.env.E2E_BASE_URL;
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = cluster ?? `http://127.0.0.1:${port}`;
const root = path.resolve(__dirname, '..');

// Debian's Chromium: Playwright cannot download its own browser here.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    // A French visitor: the site's default language (Chromium would announce en-US).
    locale: 'fr-FR',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /no_javascript\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
    {
      // A browser that runs no script: every form is posted by the browser itself.
      name: 'no-javascript',
      testMatch: /no_javascript\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions, javaScriptEnabled: false },
    },
  ],
  webServer: cluster ? undefined : {
    command: path.join(root, 'target/release/server'),
    cwd: root,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
      SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.join(root, 'target/site'),
      LEPTOS_ENV: 'PROD',
      LOG_LEVEL: 'warn',
      MAIL_DIR: path.join(root, '.data/mail-e2e'),
      // The suite signs up and logs in many people from one address, faster than the default
      // quotas of new passwords and of logins; server/tests/api/security.rs and auth.rs test them.
      PASSWORD_CHANGES_PER_MINUTE: '1000',
      LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    },
  },
});
