import { expect, test } from '@playwright/test';
import { keepScreenshot, signInAsGuest } from './helpers';

test('the Kubernetes tab shows what a sandbox cluster runs for a component', async ({
  page,
}) => {
  // The sandbox seeds checkout-service (app-config.yaml, sandbox.seed): two
  // replicas in dev and in staging, both on the non-production cluster.
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/checkout-service/kubernetes');
  const cluster = page.getByRole('button', { name: /nonprod-cluster/ });
  await expect(cluster.getByText('4 pods')).toBeVisible();
  await expect(cluster.getByText('No pods with errors')).toBeVisible();
  await expect(page.getByText(/problem retrieving/i)).toHaveCount(0);

  await cluster.click();
  // The deployment's row, with the namespace it runs in.
  await expect(
    page.getByRole('button', { name: 'checkout-service Deployment' }).first(),
  ).toBeVisible();
  await expect(
    page.getByText('namespace: checkout-service-dev').first(),
  ).toBeVisible();
  await keepScreenshot(page, 'kubernetes-tab');
});
