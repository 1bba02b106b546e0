import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { keepScreenshot, signInAsGuest } from './helpers';

// The sandbox's non-production cluster, as app-config.yaml configures it.
const NONPROD_CLUSTER = [
  '--server',
  'https://127.0.0.1:7011',
  '--token',
  'sandbox-nonprod-token',
  '--insecure-skip-tls-verify',
];

const checkoutServiceDev = `
apiVersion: v1
kind: Namespace
metadata:
  name: checkout-service-dev
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout-service
  namespace: checkout-service-dev
  labels:
    app.kubernetes.io/name: checkout-service
    backstage.io/kubernetes-id: checkout-service
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: checkout-service
  template:
    metadata:
      labels:
        app.kubernetes.io/name: checkout-service
        backstage.io/kubernetes-id: checkout-service
    spec:
      containers:
        - name: checkout-service
          image: acme/checkout-service:1.4.2
`;

test('the Kubernetes tab shows what a sandbox cluster runs for a component', async ({
  page,
}) => {
  // Deploy checkout-service with kubectl, as a deployer would.
  execFileSync('kubectl', [...NONPROD_CLUSTER, 'apply', '-f', '-'], {
    input: checkoutServiceDev,
  });

  await signInAsGuest(page);
  await page.goto('/catalog/default/component/checkout-service/kubernetes');
  const cluster = page.getByRole('button', { name: /nonprod-cluster/ });
  await expect(cluster.getByText('2 pods')).toBeVisible();
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
