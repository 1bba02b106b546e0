import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Signs in through the sign-in page's guest provider. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/**
 * Fills the golden-path form's first page (the service's name, owned by
 * the payments team, in the checkout system) and goes on; the name is
 * checked free (repository and namespaces) before the next page shows.
 */
export async function fillServicePage(page: Page, name: string) {
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  // The entity pickers are autocompletes: a textbox that opens a list.
  await page.getByRole('textbox', { name: 'Owner' }).click();
  await page
    .getByRole('option', { name: /payments/i })
    .first()
    .click();
  await page.getByRole('textbox', { name: 'System' }).click();
  await page
    .getByRole('option', { name: /checkout/i })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();
}

/** Keeps a full-page screenshot among the test's artifacts. */
export async function keepScreenshot(page: Page, name: string) {
  await page.screenshot({
    path: test.info().outputPath(`${name}.png`),
    fullPage: true,
  });
}

/** Debian's kubectl against the sandbox's non-production cluster (app-config.yaml). */
export function kubectl(...args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'portal-e2e-kubeconfig-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'nonprod',
          cluster: {
            server: 'https://127.0.0.1:7011',
            'insecure-skip-tls-verify': true,
          },
        },
      ],
      users: [{ name: 'e2e', user: { token: 'sandbox-nonprod-token' } }],
      contexts: [
        { name: 'nonprod', context: { cluster: 'nonprod', user: 'e2e' } },
      ],
      'current-context': 'nonprod',
    }),
  );
  try {
    const run = spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
      encoding: 'utf8',
    });
    if (run.status !== 0) {
      throw new Error(`kubectl ${args.join(' ')}: ${run.stderr || run.error}`);
    }
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
