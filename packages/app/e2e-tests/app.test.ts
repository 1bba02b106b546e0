import { expect, test } from '@playwright/test';
import { fillServicePage, keepScreenshot, signInAsGuest } from './helpers';

test('guest sees the example components in the catalog', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/catalog?filters[kind]=component&filters[user]=all');
  const table = page.getByRole('table');
  // Links show each entity's title, e.g. checkout-service is "Checkout Service".
  for (const name of [/checkout service/i, /web storefront/i, /ui kit/i]) {
    await expect(table.getByRole('link', { name })).toBeVisible();
  }
  await keepScreenshot(page, 'catalog');
});

test('catalog filters by kind and by owner', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/catalog');
  await page.getByRole('menuitem', { name: /^All/ }).click();
  const table = page.getByRole('table');

  // The kind picker is a select showing the current kind.
  await page.getByRole('button', { name: 'Component', exact: true }).click();
  await page.getByRole('option', { name: 'API', exact: true }).click();
  await expect(
    table.getByRole('link', { name: /checkout api/i }),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: /checkout service/i }),
  ).toHaveCount(0);

  await page.getByRole('button', { name: 'API', exact: true }).click();
  await page.getByRole('option', { name: 'Component', exact: true }).click();
  await page.getByRole('textbox', { name: 'Owner' }).click();
  await page.getByRole('option', { name: 'Payments Team' }).click();
  await page.keyboard.press('Escape');
  await expect(
    table.getByRole('link', { name: /payments service/i }),
  ).toBeVisible();
  await expect(
    table.getByRole('link', { name: /web storefront/i }),
  ).toHaveCount(0);
  await expect(page).toHaveURL(
    /filters%5Bowners%5D=group%3Adefault%2Fpayments-team/,
  );
  await keepScreenshot(page, 'catalog-filtered');
});

test('a component page shows its owner and relations', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/checkout-service');
  await expect(
    page.getByRole('heading', { name: /checkout service/i }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /payments team/i }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /checkout/ }).first(),
  ).toBeVisible();
  // The relation cards link what it provides, consumes and depends on, by title.
  const card = (heading: string) =>
    page.getByRole('article').filter({
      has: page.getByRole('heading', { name: heading, exact: true }),
    });
  await expect(
    card('Provided APIs').getByRole('link', { name: 'Checkout API' }),
  ).toBeVisible();
  await expect(
    card('Consumed APIs').getByRole('link', { name: 'Payments API' }),
  ).toBeVisible();
  await expect(
    card('Depends on resources').getByRole('link', { name: 'Orders database' }),
  ).toBeVisible();
  await keepScreenshot(page, 'component');
});

test('the Create page lists the golden-path template', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/create');
  await expect(
    page.getByText('Node.js service (golden path)').first(),
  ).toBeVisible();
  await keepScreenshot(page, 'create');
});

test('the golden-path form offers the environments and tiers of the platform config', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/create/templates/default/golden-path-service');
  await fillServicePage(page, 'invoice-service');

  // app-config.yaml: dev, staging, production; small, medium, large, gpu.
  for (const environment of ['Development', 'Staging', 'Production']) {
    await expect(page.getByText(environment, { exact: true })).toBeVisible();
  }
  await expect(page.getByText(/approval required/i)).toBeVisible();
  await expect(
    page.getByText(/1 CPU \/ 1 GiB requested, 2 CPU \/ 2 GiB limit, 10 pods/),
  ).toBeVisible();
  // Large is not allowed in dev, the default environment: not offered.
  await expect(
    page.getByText(/Only the tiers allowed in dev are shown\./),
  ).toBeVisible();
  await expect(page.getByRole('radio', { name: /medium/i })).toBeEnabled();
  await expect(page.getByRole('radio', { name: /large/i })).toHaveCount(0);
  await keepScreenshot(page, 'create-deployment');

  // On to the summary, with the SLO defaults and a private repository.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Service level objectives')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Repository visibility')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();

  const namespaces = page.getByRole('region', { name: 'Namespaces' });
  await expect(
    namespaces.getByText(
      'Namespace invoice-service-dev on nonprod-cluster (Development)',
    ),
  ).toBeVisible();
  await expect(
    namespaces.getByText(/Small tier\. Namespace quota: 1 CPU \/ 1 GiB/),
  ).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'Repository' })
      .getByText('Repository 127.0.0.1:7010/acme/invoice-service'),
  ).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'Alerts and dashboards' })
      .getByText(/99\.9% of requests succeed, 95% take less than 300 ms/),
  ).toBeVisible();
  await keepScreenshot(page, 'create-review');
});
