#!/usr/bin/env node
/*
 * Deployment status in the portal: the status endpoint's latency with many
 * viewers, through everything a request of a page goes through (the user's
 * token, the catalog lookup of the entity with the user's credentials, the
 * permission check, the answer from the shared watches).
 *
 * Starts the portal as `yarn start` runs it (or uses the one at `--url`),
 * signs in as the guest, and has `--viewers` viewers (100) ask for
 * checkout-service's status back to back for `--seconds` (10) from this
 * process: each asks again as soon as it has its answer. Then every viewer
 * asks at the same moment, rounds 200 ms apart, as open pages do on a
 * signal. One unrecorded round first, so connections are open as a page's
 * are. Last, as open pages really ask: every viewer holds a signals
 * connection and refetches when the service's signal comes, after a random
 * delay up to REFETCH_SPREAD_MS as the Deployments views do, while the
 * service's dev Deployment changes every 2 s (an annotation written through
 * the sandbox cluster's API, as a deployer would). Prints p50, p95 and p99
 * against the target; never fails on a slow machine. Exits non-zero only
 * when a figure could not be measured.
 *
 * Usage: node bench/deployment-status/portal.mjs [--viewers N] [--seconds N] [--url URL]
 */

import * as k8s from '@kubernetes/client-node';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  guestToken,
  log,
  option,
  percentile,
  portal as startPortal,
  sandboxNonprodKubeConfig,
  sleep,
  until,
} from '../lib/portal.mjs';

const TARGET_P95_MS = 50;
const VIEWERS = Number(option('viewers', 100));
const SECONDS = Number(option('seconds', 10));
const SERVICE = 'checkout-service';
const ROUTE = `/api/deployment-status/entities/component/default/${SERVICE}`;
/** As `REFETCH_SPREAD_MS` of the Deployments views (plugins/deployment-status). */
const REFETCH_SPREAD_MS = 500;
const CHANGE_EVERY_MS = 2000;

/**
 * A viewer's signals connection, as the signals plugin's client opens it:
 * the token as the protocol, given up after a second and tried again (the
 * signals backend leaves the first upgrade request after a start
 * unanswered). Subscribed to the deployment-status channel; `onSignal` gets
 * each message.
 */
async function subscribe(url, token, onSignal) {
  for (let attempt = 1; ; attempt++) {
    const ws = new WebSocket(
      `${url.replace(/^http/, 'ws')}/api/signals`,
      token,
    );
    const open = await new Promise(resolve => {
      const timer = setTimeout(() => resolve(false), 1000);
      ws.onopen = () => {
        clearTimeout(timer);
        resolve(true);
      };
      ws.onerror = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
    if (open) {
      ws.onmessage = event => {
        const { channel, message } = JSON.parse(event.data);
        if (channel === 'deployment-status') onSignal(message);
      };
      ws.send(
        JSON.stringify({ action: 'subscribe', channel: 'deployment-status' }),
      );
      return ws;
    }
    ws.close();
    if (attempt === 5) throw new Error('could not open a signals connection');
  }
}

async function main() {
  const portal = await startPortal(option('url', undefined));
  try {
    const token = await guestToken(portal.url);
    // Each viewer holds its own connection, as each browser does.
    const agent = new http.Agent({ keepAlive: true, maxSockets: VIEWERS });
    const ask = () =>
      new Promise((resolve, reject) => {
        const started = performance.now();
        http
          .get(
            `${portal.url}${ROUTE}`,
            { agent, headers: { authorization: `Bearer ${token}` } },
            res => {
              res.resume();
              res.on('end', () =>
                resolve({
                  ok: res.statusCode === 200,
                  ms: performance.now() - started,
                }),
              );
            },
          )
          .on('error', reject);
      });

    // The seeded service's status is there once its watches have synced.
    await until(
      'the status of checkout-service',
      120_000,
      async () => {
        const { ok } = await ask();
        return ok;
      },
      500,
    );
    await Promise.all(Array.from({ length: VIEWERS }, ask));

    const runs = [];
    // Back to back: each viewer asks again as soon as it is answered.
    log(`${VIEWERS} viewers, back to back`);
    {
      const times = [];
      let errors = 0;
      const end = performance.now() + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: VIEWERS }, async () => {
          while (performance.now() < end) {
            const { ok, ms } = await ask();
            if (ok) times.push(ms);
            else errors += 1;
          }
        }),
      );
      runs.push({ name: `${VIEWERS} viewers, back to back`, times, errors });
    }
    // All at once, as open pages on a signal.
    log(`${VIEWERS} viewers, all at once`);
    {
      const times = [];
      let errors = 0;
      const end = performance.now() + SECONDS * 1000;
      while (performance.now() < end) {
        const round = performance.now();
        const answers = await Promise.all(Array.from({ length: VIEWERS }, ask));
        for (const { ok, ms } of answers) {
          if (ok) times.push(ms);
          else errors += 1;
        }
        await sleep(Math.max(0, 200 - (performance.now() - round)));
      }
      runs.push({ name: `${VIEWERS} viewers, all at once`, times, errors });
    }
    // On a signal, as open pages ask.
    log(`${VIEWERS} viewers, on a signal`);
    {
      const times = [];
      let errors = 0;
      let signalled = 0;
      const refetches = [];
      const sockets = await Promise.all(
        Array.from({ length: VIEWERS }, async () => {
          let pending = false;
          return subscribe(portal.url, token, message => {
            if (message.kubernetesId !== SERVICE) return;
            signalled += 1;
            if (pending) return;
            pending = true;
            setTimeout(() => {
              pending = false;
              refetches.push(
                ask().then(({ ok, ms }) => {
                  if (ok) times.push(ms);
                  else errors += 1;
                }),
              );
            }, Math.random() * REFETCH_SPREAD_MS);
          });
        }),
      );
      const apps = sandboxNonprodKubeConfig().makeApiClient(k8s.AppsV1Api);
      const end = performance.now() + SECONDS * 1000;
      let change = 0;
      while (performance.now() < end) {
        await apps.patchNamespacedDeployment(
          {
            name: SERVICE,
            namespace: `${SERVICE}-dev`,
            body: {
              metadata: { annotations: { 'bench/change': String(++change) } },
            },
          },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
        await sleep(CHANGE_EVERY_MS);
      }
      await apps.patchNamespacedDeployment(
        {
          name: SERVICE,
          namespace: `${SERVICE}-dev`,
          body: { metadata: { annotations: { 'bench/change': null } } },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await sleep(REFETCH_SPREAD_MS + 1000);
      await Promise.all(refetches);
      for (const ws of sockets) ws.close();
      runs.push({
        name: `${VIEWERS} viewers, on a signal (${change} changes, ${signalled} signals heard, ${refetches.length} refetches)`,
        times,
        errors,
      });
    }
    agent.destroy();

    const lines = [
      `Status endpoint in the portal (GET ${ROUTE}), as the guest, ${SECONDS} s per run:`,
    ];
    for (const { name, times, errors } of runs) {
      if (times.length === 0) throw new Error(`${name}: no answer`);
      const p95 = percentile(times, 95);
      lines.push(
        `  ${name}: p50 ${percentile(times, 50).toFixed(
          1,
        )} ms, p95 ${p95.toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(
          1,
        )} ms, ${times.length} answers (${errors} errors) — ${
          p95 <= TARGET_P95_MS ? 'within' : 'over'
        } the target of p95 <= ${TARGET_P95_MS} ms`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await portal.stop();
  }
}

main().catch(error => {
  log('failed');
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
