#!/usr/bin/env node
/*
 * Golden-path flow benchmark.
 *
 * Creates services through the scaffolder's API as the form does, one after
 * the other, and measures for each:
 *   - submit to task finished, and the time of each step (from the task's
 *     own event log);
 *   - submit to the entity answering in the catalog;
 *   - submit to the first ready pod in dev, as deployment status reports it
 *     (the sandbox's sync deploys the pushed deploy/dev/ folder).
 *
 * By default it starts the portal as `yarn start` runs it (the sandbox and
 * the backend serving the built app from packages/app/dist if present), with
 * an in-memory database and a throw-away sandbox state; `--url` measures a
 * portal that is already running instead. Prints figures next to the
 * targets of the golden-path issue; never fails on a slow machine. Exits
 * non-zero only when a figure could not be measured.
 *
 * Usage: node bench/golden-path/bench.mjs [--runs N] [--url URL]
 *                                         [--template NAME]
 */

import {
  guestToken,
  log,
  option,
  percentile,
  portal as startPortal,
  seconds,
  until,
} from '../lib/portal.mjs';

const TARGETS = { entityVisibleP95Seconds: 15 };
const TASK_TIMEOUT_MS = 180_000;
const POD_TIMEOUT_MS = 180_000;

const RUNS = Number(option('runs', 10));
const GIVEN_URL = option('url', undefined);
const TEMPLATE = option('template', 'golden-path-service');

async function api(url, token, method, route, body) {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: body && JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function createService(url, token, name) {
  const submitted = Date.now();
  const created = await api(url, token, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef: `template:default/${TEMPLATE}`,
    values: {
      name,
      description: 'Created by the golden-path benchmark',
      owner: 'group:default/payments-team',
      system: 'system:default/checkout',
      deployment: { environments: ['dev', 'production'], tier: 'small' },
      slo: {
        availability: '99.9',
        latencyObjective: '95',
        latencyThresholdMs: 300,
        period: '30d',
        severities: ['page', 'ticket'],
      },
      repoVisibility: 'private',
    },
  });
  if (created.status !== 201) {
    throw new Error(
      `creating the task failed with ${created.status}: ${JSON.stringify(
        created.body,
      )}`,
    );
  }
  const id = created.body.id;
  const entityPath = `/api/catalog/entities/by-name/component/default/${name}`;
  let entityAt;
  const task = await until(`task ${id}`, TASK_TIMEOUT_MS, async () => {
    if (
      !entityAt &&
      (await api(url, token, 'GET', entityPath)).status === 200
    ) {
      entityAt = Date.now();
    }
    const answer = await api(
      url,
      token,
      'GET',
      `/api/scaffolder/v2/tasks/${id}`,
    );
    return ['completed', 'failed', 'cancelled'].includes(answer.body.status)
      ? answer.body
      : undefined;
  });
  const finishedAt = Date.now();
  if (task.status !== 'completed') {
    throw new Error(`task ${id} for ${name} ended ${task.status}`);
  }
  entityAt ??= await until(
    `${name} in the catalog`,
    TASK_TIMEOUT_MS,
    async () =>
      (await api(url, token, 'GET', entityPath)).status === 200 && Date.now(),
  );

  // Each step's time, from the task's own events.
  const events = (
    await api(url, token, 'GET', `/api/scaffolder/v2/tasks/${id}/events`)
  ).body;
  const steps = {};
  for (const event of events) {
    const { stepId, status } = event.body ?? {};
    if (!stepId) continue;
    const step = (steps[stepId] ??= {});
    if (status === 'processing') step.start ??= Date.parse(event.createdAt);
    if (status === 'completed') step.end = Date.parse(event.createdAt);
  }
  const stepMs = Object.fromEntries(
    Object.entries(steps)
      .filter(([, step]) => step.start && step.end)
      .map(([stepId, step]) => [stepId, step.end - step.start]),
  );

  const podReadyAt = await until(
    `a ready pod of ${name} in dev`,
    POD_TIMEOUT_MS,
    async () => {
      const status = await api(
        url,
        token,
        'GET',
        `/api/deployment-status/entities/component/default/${name}`,
      );
      const dev = status.body?.environments?.find(e => e.name === 'dev');
      return dev?.workloads?.some(w => (w.replicas?.ready ?? 0) > 0)
        ? Date.now()
        : undefined;
    },
    250,
  );

  return {
    name,
    taskMs: finishedAt - submitted,
    entityMs: entityAt - submitted,
    podReadyMs: podReadyAt - submitted,
    stepMs,
  };
}

async function main() {
  const portal = await startPortal(GIVEN_URL);
  try {
    const token = await guestToken(portal.url);
    // The catalog ingests the templates in the background after start.
    await until(
      'the template in the catalog',
      120_000,
      async () =>
        (
          await api(
            portal.url,
            token,
            'GET',
            `/api/catalog/entities/by-name/template/default/${TEMPLATE}`,
          )
        ).status === 200,
      500,
    );
    const suffix = Date.now().toString(36).slice(-4);
    const results = [];
    for (let run = 1; run <= RUNS; run++) {
      const name = `bench-${suffix}-${run}`;
      const result = await createService(portal.url, token, name);
      log(
        `${name}: task ${seconds(result.taskMs)} s, entity ${seconds(
          result.entityMs,
        )} s, pod ready in dev ${seconds(result.podReadyMs)} s`,
      );
      results.push(result);
    }

    const figure = (label, values, target) => {
      const p50 = percentile(values, 50);
      const p95 = percentile(values, 95);
      console.log(
        `${label.padEnd(34)} p50 ${seconds(p50).padStart(5)} s   p95 ${seconds(
          p95,
        ).padStart(5)} s${
          target === undefined
            ? ''
            : `   target p95 <= ${target} s: ${
                p95 <= target * 1000 ? 'met' : 'NOT met'
              }`
        }`,
      );
    };
    console.log(`Golden path (${TEMPLATE}), ${RUNS} runs, one at a time`);
    figure(
      'submit -> entity in the catalog',
      results.map(r => r.entityMs),
      TARGETS.entityVisibleP95Seconds,
    );
    figure(
      'submit -> task finished',
      results.map(r => r.taskMs),
    );
    figure(
      'submit -> first pod ready in dev',
      results.map(r => r.podReadyMs),
    );
    console.log('Per step (median of the runs):');
    for (const stepId of Object.keys(results[0].stepMs)) {
      const values = results
        .map(r => r.stepMs[stepId])
        .filter(v => v !== undefined);
      console.log(
        `  ${stepId.padEnd(32)} ${seconds(percentile(values, 50)).padStart(
          5,
        )} s`,
      );
    }
  } finally {
    await portal.stop();
  }
}

main().catch(error => {
  log(error.stack ?? String(error));
  process.exit(1);
});
