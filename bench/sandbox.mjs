#!/usr/bin/env node
/*
 * Sandbox benchmark.
 *
 * Starts the sandbox CLI in its own process (as `yarn start` does) with a
 * throw-away config, then measures from this process:
 *   - GET throughput of the GitHub-compatible API (a repository) and of the
 *     Kubernetes-compatible API (a ConfigMap), with keep-alive connections;
 *   - how long 100 concurrent watchers take to be notified of a change.
 *
 * Prints figures next to the targets of the sandbox issue; never fails on a
 * slow machine. Exits non-zero only when a figure could not be measured.
 *
 * Usage: node bench/sandbox.mjs [--seconds N] [--connections N] [--watchers N]
 */

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS = { getsPerSecond: 500, watchNotifyMs: 100 };
const GITHUB_TOKEN = 'bench-github-token';
const KUBE_TOKEN = 'bench-kube-token';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
const SECONDS = option('seconds', 10);
const CONNECTIONS = option('connections', 16);
const WATCHERS = option('watchers', 100);
const CHANGES = 20;

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(url, { method = 'GET', token, body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
      },
      res => {
        const chunks = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

async function expectOk(promise, what) {
  const res = await promise;
  if (res.status >= 300) {
    throw new Error(`${what}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
  }
  return JSON.parse(res.body || 'null');
}

async function startSandbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-bench-'));
  const githubPort = await freePort();
  const kubePort = await freePort();
  const config = path.join(dir, 'app-config.yaml');
  fs.writeFileSync(
    config,
    `integrations:
  github:
    - host: 127.0.0.1:${githubPort}
      apiBaseUrl: http://127.0.0.1:${githubPort}/api/v3
      token: ${GITHUB_TOKEN}
kubernetes:
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: bench-cluster
          url: http://127.0.0.1:${kubePort}
          authProvider: serviceAccount
          serviceAccountToken: ${KUBE_TOKEN}
sandbox:
  github:
    # The benchmark measures the server, not GitHub's hourly budget.
    rateLimitPerHour: 1000000000
    organizations:
      - login: acme
`,
  );
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'packages/sandbox/bin/sandbox'), '--config', config],
    { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`sandbox not ready in 60 s:\n${output}`)),
      60_000,
    );
    child.stdout.on('data', chunk => {
      output += chunk;
      if (output.includes('bench-cluster')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited with ${code}:\n${output}`));
    });
  });
  return {
    github: `http://127.0.0.1:${githubPort}/api/v3`,
    kube: `http://127.0.0.1:${kubePort}`,
    stop() {
      child.removeAllListeners('exit');
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function throughput(url, token) {
  let done = 0;
  let failed = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const res = await request(url, { token });
        if (res.status === 200) done++;
        else failed++;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  return { perSecond: done / seconds, failed };
}

function openWatch(url, onEvent) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { authorization: `Bearer ${KUBE_TOKEN}` } },
      res => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch answered ${res.statusCode}`));
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          buffer += chunk;
          let newline;
          while ((newline = buffer.indexOf('\n')) !== -1) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            if (line.trim()) onEvent(JSON.parse(line));
          }
        });
        resolve(req);
      },
    );
    req.on('error', reject);
  });
}

async function watchLatency(kube) {
  const ns = `${kube}/api/v1/namespaces/bench/configmaps`;
  const created = await expectOk(
    request(ns, {
      method: 'POST',
      token: KUBE_TOKEN,
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'watched' },
        data: { n: '0' },
      },
    }),
    'create ConfigMap',
  );
  const waiters = new Map(); // resourceVersion -> { remaining, resolve }
  const seen = new Map();
  const requests = [];
  for (let i = 0; i < WATCHERS; i++) {
    requests.push(
      await openWatch(
        `${ns}?watch=1&resourceVersion=${created.metadata.resourceVersion}&fieldSelector=metadata.name%3Dwatched`,
        event => {
          const rv = event.object?.metadata?.resourceVersion;
          if (event.type !== 'MODIFIED' || !rv) return;
          seen.set(rv, (seen.get(rv) ?? 0) + 1);
          const waiter = waiters.get(rv);
          if (waiter && seen.get(rv) === WATCHERS) waiter();
        },
      ),
    );
  }
  const latencies = [];
  for (let n = 1; n <= CHANGES; n++) {
    const started = process.hrtime.bigint();
    let allNotified;
    const notified = new Promise(resolve => (allNotified = resolve));
    const updated = await expectOk(
      request(`${ns}/watched`, {
        method: 'PATCH',
        token: KUBE_TOKEN,
        body: { data: { n: String(n) } },
        headers: { 'content-type': 'application/merge-patch+json' },
      }),
      'patch ConfigMap',
    );
    const rv = updated.metadata.resourceVersion;
    waiters.set(rv, allNotified);
    if (seen.get(rv) === WATCHERS) allNotified();
    await Promise.race([
      notified,
      new Promise((_, reject) =>
        setTimeout(
          () =>
            reject(
              new Error(
                `only ${
                  seen.get(rv) ?? 0
                } of ${WATCHERS} watchers saw change ${n} within 10 s`,
              ),
            ),
          10_000,
        ),
      ),
    ]);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  requests.forEach(req => req.destroy());
  latencies.sort((a, b) => a - b);
  return {
    median: latencies[Math.floor(latencies.length / 2)],
    max: latencies[latencies.length - 1],
  };
}

async function main() {
  log('starting the sandbox');
  const sandbox = await startSandbox();
  try {
    await expectOk(
      request(`${sandbox.github}/orgs/acme/repos`, {
        method: 'POST',
        token: GITHUB_TOKEN,
        body: { name: 'bench-service' },
      }),
      'create repository',
    );
    await expectOk(
      request(`${sandbox.kube}/api/v1/namespaces`, {
        method: 'POST',
        token: KUBE_TOKEN,
        body: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'bench' },
        },
      }),
      'create namespace',
    );
    log(`GitHub GET throughput, ${CONNECTIONS} connections, ${SECONDS} s`);
    const github = await throughput(
      `${sandbox.github}/repos/acme/bench-service`,
      GITHUB_TOKEN,
    );
    log(`Kubernetes GET throughput, ${CONNECTIONS} connections, ${SECONDS} s`);
    const kube = await throughput(
      `${sandbox.kube}/api/v1/namespaces/bench`,
      KUBE_TOKEN,
    );
    log(`${WATCHERS} watchers, ${CHANGES} changes`);
    const watch = await watchLatency(sandbox.kube);

    const mark = ok => (ok ? 'within target' : 'OVER target');
    const lines = [
      `GitHub GET /repos/:owner/:repo      ${github.perSecond.toFixed(
        0,
      )} req/s (target >= ${TARGETS.getsPerSecond}, ${mark(
        github.perSecond >= TARGETS.getsPerSecond,
      )}), ${github.failed} failed`,
      `Kubernetes GET /api/v1/namespaces/x ${kube.perSecond.toFixed(
        0,
      )} req/s (target >= ${TARGETS.getsPerSecond}, ${mark(
        kube.perSecond >= TARGETS.getsPerSecond,
      )}), ${kube.failed} failed`,
      `${WATCHERS} watchers notified of a change: median ${watch.median.toFixed(
        1,
      )} ms, max ${watch.max.toFixed(
        1,
      )} ms over ${CHANGES} changes (target <= ${
        TARGETS.watchNotifyMs
      } ms, ${mark(watch.max <= TARGETS.watchNotifyMs)})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    sandbox.stop();
  }
}

main().catch(error => {
  process.stderr.write(`[bench] could not measure: ${error.stack ?? error}\n`);
  process.exit(1);
});
