import { expect, test } from '@playwright/test';
import { keepScreenshot, kubectl, signInAsGuest } from './helpers';

/**
 * The sandbox seeds web-storefront (app-config.yaml, sandbox.seed) running
 * 2.9.0 in dev on the non-production cluster. The test changes its dev
 * Deployment with kubectl, as a deployer would, and watches the open page
 * follow without a reload.
 */
const SERVICE = 'web-storefront';
const NAMESPACE = 'web-storefront-dev';

test('the Deployments tab follows a rollout live, with no polling', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const statusCalls: string[] = [];
  page.on('request', request => {
    if (request.url().includes('/api/deployment-status/')) {
      statusCalls.push(request.url());
    }
  });

  const deployment = JSON.parse(
    kubectl('-n', NAMESPACE, 'get', 'deployment', SERVICE, '-o', 'json'),
  );
  const running: string =
    deployment.spec.template.metadata.labels['app.kubernetes.io/version'];
  // A release of the seed other than the running one (a retry finds the other).
  const next = running === '2.8.0' ? '2.9.0' : '2.8.0';

  await signInAsGuest(page);
  await page.goto(`/catalog/default/component/${SERVICE}/deployments`);
  const matrix = page.getByRole('table', {
    name: 'Deployments by environment',
  });
  const dev = matrix
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: SERVICE }) })
    .getByRole('cell')
    .first();
  await expect(dev).toContainText(running);
  await expect(dev).toContainText('Healthy');

  // Nothing is fetched while nothing changes: the page waits for signals.
  const settled = statusCalls.length;
  await page.waitForTimeout(5_000);
  expect(statusCalls.length).toBe(settled);

  // A mark that a reload would wipe.
  await page.evaluate(() => {
    (window as unknown as { noReload: boolean }).noReload = true;
  });
  const [container] = deployment.spec.template.spec.containers;
  kubectl(
    '-n',
    NAMESPACE,
    'patch',
    'deployment',
    SERVICE,
    '--type=strategic',
    '-p',
    JSON.stringify({
      spec: {
        template: {
          metadata: { labels: { 'app.kubernetes.io/version': next } },
          spec: {
            containers: [
              {
                name: container.name,
                image: container.image.replace(/:[^:]+$/, `:${next}`),
              },
            ],
          },
        },
      },
    }),
  );

  // The new version appears while its pods start, then the rollout completes.
  await expect(dev).toContainText('Rolling out');
  await keepScreenshot(page, 'deployments-rolling-out');
  await expect(dev).toContainText('Healthy', { timeout: 60_000 });
  await expect(dev).toContainText(next);
  await keepScreenshot(page, 'deployments-healthy');
  // Updated by signals: no reload of the page happened.
  expect(statusCalls.length).toBeGreaterThan(settled);
  expect(
    await page.evaluate(
      () => (window as unknown as { noReload?: boolean }).noReload,
    ),
  ).toBe(true);
});
