import { test as base, expect, Page } from '@playwright/test';

/** Fails the test on any console error or uncaught exception in the page. The browser's own
 * notice of a 4xx answer is not one: a refused login or an invalid form answers 4xx on purpose. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      const expectedRefusal = /^Failed to load resource: the server responded with a status of 4\d\d/;
      if (message.type() === 'error' && !expectedRefusal.test(message.text())) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});

/**
 * Waits until the WASM client has hydrated the page, its lazily loaded chunks included
 * (frontend/src/lib.rs sets the mark once `hydrate_from_async` is over).
 */
export async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

export { expect };

/** The control labelled exactly `label`, whether or not the label carries the required mark " *". */
export function field(page: Page, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}
