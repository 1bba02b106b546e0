import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/** The repository root. */
export const repoRoot = resolve(__dirname, '../../..');

/** Where the staged image contents live; set by the global setup. */
export const STAGE_DIR_VARIABLE = 'PORTAL_PRODUCTION_STAGE_DIR';

/** The PostgreSQL the production tests use. */
export const postgres = {
  host: process.env.PORTAL_TEST_POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.PORTAL_TEST_POSTGRES_PORT ?? 5432),
  user: process.env.PORTAL_TEST_POSTGRES_USER ?? 'postgres',
  password: process.env.PORTAL_TEST_POSTGRES_PASSWORD ?? 'postgres',
};

/** Plugin databases of the tests are named `<prefix><pluginId>`. */
export const DATABASE_PREFIX = 'portal_e2e_';

/** Drops the databases whose names start with `prefix`, as a fresh start needs. */
export async function dropDatabases(prefix: string) {
  const client = new Client({ ...postgres, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

/** A token the tests call the API with, as a service would. */
export const STATIC_TOKEN = 'portal-e2e-static-access-token';

/** The committed Yarn release, as `.yarnrc.yml` names it. */
function yarnRelease(): string {
  const yarnrc = readFileSync(join(repoRoot, '.yarnrc.yml'), 'utf8');
  const yarnPath = /^yarnPath:\s*(\S+)\s*$/m.exec(yarnrc)?.[1];
  if (!yarnPath) {
    throw new Error('.yarnrc.yml has no yarnPath');
  }
  return join(repoRoot, yarnPath);
}

/**
 * Lays out what the Dockerfile's runtime stage holds: the skeleton, a
 * production-only install with the committed lockfile, the backend bundle
 * (which carries the built app), the configs and the example catalog.
 */
export function stageProductionImage(): string {
  const bundle = join(repoRoot, 'packages/backend/dist/bundle.tar.gz');
  const skeleton = join(repoRoot, 'packages/backend/dist/skeleton.tar.gz');
  if (!existsSync(bundle) || !existsSync(skeleton)) {
    throw new Error(
      `No backend build in packages/backend/dist; run 'yarn build:backend' first`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'portal-image-'));
  for (const entry of [
    '.yarn/releases',
    '.yarnrc.yml',
    'yarn.lock',
    'package.json',
  ]) {
    cpSync(join(repoRoot, entry), join(dir, entry), { recursive: true });
  }
  run('tar', ['xzf', skeleton], dir);
  run(
    process.execPath,
    [yarnRelease(), 'workspaces', 'focus', '--all', '--production'],
    dir,
  );
  run('tar', ['xzf', bundle], dir);
  for (const entry of [
    'app-config.yaml',
    'app-config.production.yaml',
    'app-config.github-app.yaml',
    'catalog-info.yaml',
    'examples',
    'templates',
  ]) {
    cpSync(join(repoRoot, entry), join(dir, entry), { recursive: true });
  }
  return dir;
}

export function removeStage(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${
        result.stderr
      }`,
    );
  }
}

/** Resolves when something accepts connections on host:port, or false after the timeout. */
export function isListening(host: string, port: number, timeoutMs = 2000) {
  return new Promise<boolean>(done => {
    const socket = new Socket();
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.connect(port, host, () => finish(true));
  });
}

export function freePort() {
  return new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The environment a deployment provides, as README's configuration reference lists it. */
export function productionEnvironment(port: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PORTAL_BASE_URL: `http://localhost:${port}`,
    POSTGRES_HOST: postgres.host,
    POSTGRES_PORT: String(postgres.port),
    POSTGRES_USER: postgres.user,
    POSTGRES_PASSWORD: postgres.password,
    AUTH_GITHUB_CLIENT_ID: 'e2e-client-id',
    AUTH_GITHUB_CLIENT_SECRET: 'e2e-client-secret',
    GITHUB_TOKEN: 'e2e-github-token',
    K8S_NONPROD_URL: 'https://127.0.0.1:6443',
    K8S_NONPROD_TOKEN: 'e2e-token',
    K8S_NONPROD_CA_DATA: 'ZTJlLWNh',
    K8S_PROD_URL: 'https://127.0.0.1:6444',
    K8S_PROD_TOKEN: 'e2e-token',
    K8S_PROD_CA_DATA: 'ZTJlLWNh',
    // Test-only settings, through the config loader's APP_CONFIG_ overrides.
    APP_CONFIG_backend_listen: `:${port}`,
    APP_CONFIG_backend_database_prefix: DATABASE_PREFIX,
    APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
      { type: 'static', options: { token: STATIC_TOKEN, subject: 'e2e' } },
    ]),
  };
}

export interface RunningBackend {
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Kills the process (SIGKILL), as a crash or an evicted pod ends it. */
  kill(): void;
  stop(): Promise<void>;
}

/** Starts the staged backend as the image's CMD does. */
export function startBackend(options: {
  stageDir: string;
  port: number;
  env: Record<string, string | undefined>;
  extraConfigs?: string[];
}): RunningBackend {
  const args = ['packages/backend', '--config', 'app-config.yaml'];
  for (const config of [
    'app-config.production.yaml',
    ...(options.extraConfigs ?? []),
  ]) {
    args.push('--config', config);
  }
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    ...process.env,
    ...options.env,
  })) {
    if (value !== undefined) env[key] = value;
  }
  const child = spawn(process.execPath, args, { cwd: options.stageDir, env });
  let output = '';
  child.stdout.on('data', chunk => (output += chunk));
  child.stderr.on('data', chunk => (output += chunk));
  const exited = new Promise<number | null>(done =>
    child.once('exit', code => done(code)),
  );
  return {
    url: `http://localhost:${options.port}`,
    output: () => output,
    exited,
    kill: () => child.kill('SIGKILL'),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Waits for readiness, failing early with the output if the process exits. */
export async function waitUntilReady(
  backend: RunningBackend,
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  backend.exited.then(code => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`Backend exited with ${exitCode}:\n${backend.output()}`);
    }
    try {
      const response = await fetch(
        `${backend.url}/.backstage/health/v1/readiness`,
      );
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `Backend not ready after ${timeoutMs} ms:\n${backend.output()}`,
  );
}
