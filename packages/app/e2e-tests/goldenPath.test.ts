import { expect, test } from '@playwright/test';
import {
  fillServicePage,
  keepScreenshot,
  kubectl,
  signInAsGuest,
} from './helpers';

/** The sandbox's GitHub API and the portal's token for it (app-config.yaml). */
const GITHUB_API = 'http://127.0.0.1:7010/api/v3';
const GITHUB_TOKEN = 'sandbox-portal-token';

test('a developer creates a service from the golden-path form and lands on its page, healthy in dev', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  // A name of its own per run: the sandbox state lives as long as the backend.
  const name = `e2e-${Date.now().toString(36)}`;

  await signInAsGuest(page);
  await page.goto('/create/templates/default/golden-path-service');
  await fillServicePage(page, name);
  // Where it runs: the defaults (dev, the first tier allowed there).
  await expect(page.getByText('Development', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Service level objectives')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Repository visibility')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page
      .getByRole('region', { name: 'Namespaces' })
      .getByText(`Namespace ${name}-dev on nonprod-cluster (Development)`),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page shows the steps run, then the links of its output.
  await expect(page).toHaveURL(/\/create\/tasks\//);
  const open = page.getByRole('link', { name: 'Open in catalog' });
  await expect(open).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText(/failed/i)).toHaveCount(0);
  await keepScreenshot(page, 'golden-path-task');

  // The service page, and its Deployments tab going healthy in dev (the
  // sandbox's sync deploys the pushed deploy/dev/ folder).
  await open.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${name}`),
  );
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
  await page.goto(`/catalog/default/component/${name}/deployments`);
  const dev = page
    .getByRole('table', { name: 'Deployments by environment' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name }) })
    .getByRole('cell')
    .first();
  await expect(dev).toContainText('Healthy', { timeout: 60_000 });
  await keepScreenshot(page, 'golden-path-service-page');

  // What the task made, as the sandbox holds it.
  const repository = await request.get(`${GITHUB_API}/repos/acme/${name}`, {
    headers: { Authorization: `token ${GITHUB_TOKEN}` },
  });
  expect(repository.status()).toBe(200);
  const namespace = JSON.parse(
    kubectl('get', 'namespace', `${name}-dev`, '-o', 'json'),
  );
  expect(namespace.metadata.annotations).toEqual(
    expect.objectContaining({
      'developer-portal.acme.example/entity-ref': `component:default/${name}`,
    }),
  );
  const rules = JSON.parse(
    kubectl('-n', `${name}-dev`, 'get', 'prometheusrules', '-o', 'json'),
  );
  expect(rules.items.map((r: any) => r.metadata.name)).toEqual([`${name}-slo`]);
});
