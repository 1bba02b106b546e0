import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Alertmanager (package prometheus-alertmanager). */
export const ALERTMANAGER_BINARY = 'prometheus-alertmanager';

/** Whether Debian's Alertmanager is installed on this machine. */
export function hasAlertmanager(): boolean {
  return (
    spawnSync(ALERTMANAGER_BINARY, ['--version'], { stdio: 'ignore' })
      .status === 0
  );
}

export interface TestAlertmanager {
  /** The base URL to configure: a counting front of the real Alertmanager. */
  url: string;
  /** `GET /api/v2/alerts` requests that reached Alertmanager through `url`. */
  alertQueries(): number;
  /** Posts alerts as Prometheus does (`POST /api/v2/alerts`). */
  fire(
    alerts: Array<{
      labels: Record<string, string>;
      annotations?: Record<string, string>;
      generatorURL?: string;
    }>,
  ): Promise<void>;
  /** Silences alerts whose labels equal `matchers` for an hour. */
  silence(matchers: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function api(base: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${path}: ${response.status} ${await response.text()}`);
  }
  return response;
}

/**
 * Starts the machine's Alertmanager on a free loopback port with a temporary
 * storage path, a configuration that routes every alert nowhere, and no
 * clustering; and, in front of it, a proxy that counts alert queries.
 */
export async function startAlertmanager(): Promise<TestAlertmanager> {
  const dir = await mkdtemp(join(tmpdir(), 'alertmanager-'));
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(
    configFile,
    "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n",
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    ALERTMANAGER_BINARY,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', chunk => {
    output = (output + chunk).slice(-4000);
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await fetch(`${base}/-/ready`).then(
      r => r.ok,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      await rm(dir, { recursive: true, force: true });
      throw new Error(`Alertmanager did not start:\n${output}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }

  let queries = 0;
  const front = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/api/v2/alerts')) {
      queries += 1;
    }
    const upstream = http.request(
      `${base}${req.url}`,
      { method: req.method, headers: req.headers },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => front.listen(0, '127.0.0.1', resolve));
  const frontPort = (front.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${frontPort}`,
    alertQueries: () => queries,
    async fire(alerts) {
      await api(base, '/api/v2/alerts', alerts);
    },
    async silence(matchers) {
      const now = Date.now();
      await api(base, '/api/v2/silences', {
        matchers: Object.entries(matchers).map(([name, value]) => ({
          name,
          value,
          isRegex: false,
          isEqual: true,
        })),
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3600_000).toISOString(),
        createdBy: 'test',
        comment: 'taken in hand',
      });
    },
    async stop() {
      await new Promise(resolve => front.close(resolve));
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill();
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
