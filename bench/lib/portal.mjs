/*
 * What the benches that drive a whole portal share: starting it as
 * `yarn start` runs it (or using one that runs already), signing in as the
 * guest, and the small helpers around them.
 */

import * as k8s from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const READY_TIMEOUT_MS = 300_000;

/** The value after `--name` on the command line, or `fallback`. */
export function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}

export function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The nearest-rank percentile `p` of `values`. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export const seconds = ms => (ms / 1000).toFixed(1);

/**
 * The portal at `givenUrl` when given; otherwise starts it as `yarn start`
 * does (the sandbox and the backend serving the built app from
 * packages/app/dist if present), on the ports of app-config.yaml, with an
 * in-memory database and a throw-away sandbox state. `stop` ends the whole
 * process tree.
 */
export async function portal(givenUrl) {
  if (givenUrl) {
    return { url: givenUrl.replace(/\/$/, ''), stop: async () => {} };
  }
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-portal-'));
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'packages/sandbox/bin/sandbox'),
      '--',
      process.execPath,
      path.join(ROOT, '.yarn/releases/yarn-4.13.0.cjs'),
      'workspace',
      'backend',
      'start',
      '--config',
      '../../app-config.yaml',
    ],
    {
      cwd: ROOT,
      detached: true, // own process group, so the whole tree can be stopped
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        APP_CONFIG_backend_database_connection: ':memory:',
        APP_CONFIG_sandbox_stateDir: stateDir,
        FORCE_COLOR: '0',
      },
    },
  );
  const output = [];
  const keep = chunk => {
    output.push(...chunk.toString().split('\n'));
    output.splice(0, Math.max(0, output.length - 60));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit;
  child.once('exit', (code, signal) => {
    exit = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
      await sleep(3_000);
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => stop().then(() => process.exit(130)));

  const url = 'http://localhost:7007';
  const started = Date.now();
  log('starting the portal (sandbox and backend)...');
  for (;;) {
    if (exit) {
      throw new Error(`the portal stopped (${exit}):\n${output.join('\n')}`);
    }
    if (Date.now() - started > READY_TIMEOUT_MS) {
      await stop();
      throw new Error(
        `the portal was not ready in time:\n${output.join('\n')}`,
      );
    }
    try {
      const res = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  log(`ready after ${seconds(Date.now() - started)} s`);
  return { url, stop };
}

/** A guest's Backstage token, as the sign-in page gets it. */
export async function guestToken(url) {
  const res = await fetch(`${url}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed with ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** Polls `probe` every `interval` ms until it gives a value, and returns it. */
export async function until(what, timeoutMs, probe, interval = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(interval);
  }
}

/**
 * The sandbox's non-production cluster, as app-config.yaml declares it, for
 * a bench acting as a deployer would.
 */
export function sandboxNonprodKubeConfig() {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'nonprod',
        server: 'https://127.0.0.1:7011',
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'bench', token: 'sandbox-nonprod-token' }],
    contexts: [{ name: 'nonprod', cluster: 'nonprod', user: 'bench' }],
    currentContext: 'nonprod',
  });
  return kc;
}
