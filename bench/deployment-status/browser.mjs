#!/usr/bin/env node
/*
 * Deployment status in the browser: how long after a pod becomes ready the
 * open Deployments tab shows it.
 *
 * Opens checkout-service's Deployments tab in Chromium (signed in as the
 * guest), then, per trial, scales its dev Deployment up by one replica on the
 * sandbox's non-production cluster, as a deployer would. Two clocks of the
 * same machine meet: a watch on the namespace's pods notes the moment the new
 * pod turns Ready, and an observer in the page notes the moment the dev cell
 * of the matrix first reads "<n>/<n> ready". The Deployment is scaled back
 * before the next trial. The page is never reloaded: it follows the change
 * through signals.
 *
 * By default it starts the portal as `yarn start` runs it (the built app in
 * packages/app/dist must exist: `yarn workspace app build`); `--url` measures
 * a portal that is already running, with the sandbox of app-config.yaml.
 * Prints figures next to the target; never fails on a slow machine. Exits
 * non-zero only when a figure could not be measured.
 *
 * Usage: node bench/deployment-status/browser.mjs [--trials N] [--url URL]
 */

import fs from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { chromium } from 'playwright-core';
import {
  ROOT,
  log,
  option,
  percentile,
  portal as startPortal,
  sandboxNonprodKubeConfig,
  until,
} from '../lib/portal.mjs';

const TARGET_MS = 2000;
const TRIALS = Number(option('trials', 10));
const SERVICE = 'checkout-service';
const NAMESPACE = `${SERVICE}-dev`;
const CHROMIUM = [
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
].find(file => file && fs.existsSync(file));

const isReady = pod =>
  pod.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True');

/**
 * Watches the service's pods in the namespace and notes when each pod that
 * was not there at the start (or forgotten since) is first seen Ready.
 */
async function watchPods(kc) {
  const readyAt = new Map();
  const old = new Set();
  let stopped = false;
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const labelSelector = `app.kubernetes.io/name=${SERVICE}`;
  const list = await core.listNamespacedPod({
    namespace: NAMESPACE,
    labelSelector,
  });
  for (const pod of list.items) old.add(pod.metadata.uid);
  const request = await new k8s.Watch(kc).watch(
    `/api/v1/namespaces/${NAMESPACE}/pods`,
    { labelSelector, resourceVersion: list.metadata.resourceVersion },
    (type, pod) => {
      const at = Date.now();
      const uid = pod.metadata?.uid;
      if (!uid || old.has(uid) || readyAt.has(uid)) return;
      if (type !== 'DELETED' && isReady(pod)) readyAt.set(uid, at);
    },
    error => {
      if (error && !stopped) {
        log(`the pod watch ended: ${error.message ?? error}`);
      }
    },
  );
  return {
    /** A new pod that became ready, and when: [uid, time] or undefined. */
    newReady: () => [...readyAt].find(([uid]) => !old.has(uid)),
    forget: uid => old.add(uid),
    stop: () => {
      stopped = true;
      request.abort();
    },
  };
}

async function main() {
  if (!CHROMIUM) {
    throw new Error(
      'no Chromium found: install the chromium package or set PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH',
    );
  }
  const givenUrl = option('url', undefined);
  if (
    !givenUrl &&
    !fs.existsSync(path.join(ROOT, 'packages/app/dist/index.html'))
  ) {
    throw new Error(
      'packages/app/dist is missing: run `yarn workspace app build` first, or give --url',
    );
  }
  const portal = await startPortal(givenUrl);
  const kc = sandboxNonprodKubeConfig();
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  let pods;
  let replicas;
  try {
    const page = await browser.newPage({ baseURL: portal.url });
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .waitFor({ state: 'attached' });
    await page.goto(`/catalog/default/component/${SERVICE}/deployments`);

    const deployment = await apps.readNamespacedDeployment({
      name: SERVICE,
      namespace: NAMESPACE,
    });
    replicas = deployment.spec.replicas;
    // The dev cell: the first cell of the service's row in the matrix.
    const cellText = () =>
      page.evaluate(
        service =>
          [
            ...document.querySelectorAll(
              'table[aria-label="Deployments by environment"] tr',
            ),
          ]
            .find(row => row.querySelector('th')?.textContent === service)
            ?.querySelector('td')?.textContent ?? '',
        SERVICE,
      );
    await until('the dev cell healthy', 120_000, async () =>
      (await cellText()).includes(`${replicas}/${replicas} ready`),
    );
    pods = await watchPods(kc);

    const delays = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const wanted = `${replicas + 1}/${replicas + 1} ready`;
      // Notes, in the page, the first moment the dev cell reads `wanted`.
      await page.evaluate(
        ({ service, text }) => {
          const w = window;
          w.benchShownAt = undefined;
          w.benchObserver?.disconnect();
          const check = () => {
            const row = [
              ...document.querySelectorAll(
                'table[aria-label="Deployments by environment"] tr',
              ),
            ].find(r => r.querySelector('th')?.textContent === service);
            if (row?.querySelector('td')?.textContent?.includes(text)) {
              w.benchShownAt ??= Date.now();
            }
          };
          w.benchObserver = new MutationObserver(check);
          w.benchObserver.observe(document.body, {
            subtree: true,
            childList: true,
            characterData: true,
          });
        },
        { service: SERVICE, text: wanted },
      );
      await apps.patchNamespacedDeploymentScale(
        {
          name: SERVICE,
          namespace: NAMESPACE,
          body: { spec: { replicas: replicas + 1 } },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      const [uid, readyAt] = await until('the new pod ready', 60_000, () =>
        pods.newReady(),
      );
      const shownAt = await until(
        `"${wanted}" in the page`,
        60_000,
        () => page.evaluate(() => window.benchShownAt),
        20,
      );
      delays.push(shownAt - readyAt);
      log(`trial ${trial}: shown ${shownAt - readyAt} ms after ready`);

      // Back to where it was, and settled, before the next trial.
      await apps.patchNamespacedDeploymentScale(
        {
          name: SERVICE,
          namespace: NAMESPACE,
          body: { spec: { replicas } },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      pods.forget(uid);
      await until('the scale-down shown', 60_000, async () => {
        const text = await cellText();
        return text.includes(`${replicas}/${replicas} ready`);
      });
      await until('the pod gone', 60_000, async () => {
        const list = await core.listNamespacedPod({
          namespace: NAMESPACE,
          labelSelector: `app.kubernetes.io/name=${SERVICE}`,
        });
        return list.items.length === replicas;
      });
    }

    const p50 = percentile(delays, 50);
    const p95 = percentile(delays, 95);
    const verdict = p95 <= TARGET_MS ? 'within' : 'over';
    process.stdout.write(
      [
        `Pod ready to shown in the browser (${SERVICE}, dev, ${TRIALS} trials, no reload):`,
        `  p50 ${p50} ms, p95 ${p95} ms, max ${Math.max(...delays)} ms`,
        `  target: at most ${TARGET_MS} ms — ${verdict} target`,
        '',
      ].join('\n'),
    );
  } finally {
    pods?.stop();
    if (replicas !== undefined) {
      await apps
        .patchNamespacedDeploymentScale(
          { name: SERVICE, namespace: NAMESPACE, body: { spec: { replicas } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        )
        .catch(() => {});
    }
    await browser.close();
    await portal.stop();
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
