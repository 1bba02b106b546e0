import { expect, test } from '@playwright/test';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  DATABASE_PREFIX,
  STAGE_DIR_VARIABLE,
  STATIC_TOKEN,
  dropDatabases,
  freePort,
  postgres,
  productionEnvironment,
  startBackend,
  waitUntilReady,
} from './productionBackend';

/** A GitHub App's settings in place of GITHUB_TOKEN, with a real (throw-away) key. */
function githubAppEnvironment(): Record<string, string | undefined> {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    GITHUB_TOKEN: undefined,
    GITHUB_APP_ID: '123456',
    GITHUB_APP_CLIENT_ID: 'Iv1.e2e0000000000000',
    GITHUB_APP_CLIENT_SECRET: 'e2e-app-client-secret',
    GITHUB_APP_PRIVATE_KEY: privateKey,
  };
}

// What the container runs: the backend bundle with the production config, on PostgreSQL.
const stageDir = process.env[STAGE_DIR_VARIABLE] ?? '';

test.describe('production build', () => {
  test.skip(!stageDir, 'no PostgreSQL to run the production build against');
  test.describe.configure({ timeout: 180_000 });

  test('serves the example catalog from PostgreSQL', async ({ request }) => {
    await dropDatabases(DATABASE_PREFIX);
    const port = await freePort();
    const backend = startBackend({
      stageDir,
      port,
      env: productionEnvironment(port),
    });
    try {
      await waitUntilReady(backend);
      const auth = { Authorization: `Bearer ${STATIC_TOKEN}` };

      const anonymous = await request.get(
        `${backend.url}/api/catalog/entities`,
      );
      expect(anonymous.status()).toBe(401);

      // The catalog ingests its locations shortly after startup.
      await expect
        .poll(
          async () => {
            const response = await request.get(
              `${backend.url}/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name`,
              { headers: auth },
            );
            expect(response.status()).toBe(200);
            const { items } = await response.json();
            return items.map((e: any) => e.metadata.name).sort();
          },
          { timeout: 60_000 },
        )
        .toEqual(
          expect.arrayContaining([
            'checkout-service',
            'payments-service',
            'web-storefront',
            'ui-kit',
            'developer-portal',
          ]),
        );

      const groups = await request.get(
        `${backend.url}/api/catalog/entities/by-query?filter=kind=group`,
        { headers: auth },
      );
      expect((await groups.json()).items.length).toBeGreaterThanOrEqual(3);

      const template = await request.get(
        `${backend.url}/api/catalog/entities/by-name/template/default/golden-path-service`,
        { headers: auth },
      );
      expect(template.status()).toBe(200);

      // The backend serves the built app with the production sign-in provider.
      const page = await request.get(`${backend.url}/catalog`);
      expect(page.status()).toBe(200);
      expect(await page.text()).toContain('<div id="root">');

      const client = new Client({ ...postgres, database: 'postgres' });
      await client.connect();
      const { rows } = await client
        .query('SELECT 1 FROM pg_database WHERE datname = $1', [
          `${DATABASE_PREFIX}catalog`,
        ])
        .finally(() => client.end());
      expect(rows).toHaveLength(1);
    } finally {
      await backend.stop();
    }
  });

  /** Starts the backend, expects it to exit with an error, and returns what it printed. */
  async function outputOfFailedStart(options: {
    env?: Record<string, string | undefined>;
    extraConfigs?: string[];
  }) {
    const port = await freePort();
    const backend = startBackend({
      stageDir,
      port,
      env: { ...productionEnvironment(port), ...options.env },
      extraConfigs: options.extraConfigs,
    });
    expect(await backend.exited).not.toBe(0);
    return backend.output();
  }

  test('fails startup naming an unset environment variable', async () => {
    const output = await outputOfFailedStart({
      env: { POSTGRES_HOST: undefined },
    });
    expect(output).toContain(
      "Missing required environment variable: POSTGRES_HOST (read by 'backend.database.connection.host' in app-config.production.yaml)",
    );
  });

  test('starts with a GitHub App instead of a token', async () => {
    const port = await freePort();
    const backend = startBackend({
      stageDir,
      port,
      env: { ...productionEnvironment(port), ...githubAppEnvironment() },
      extraConfigs: ['app-config.github-app.yaml'],
    });
    try {
      // Without GITHUB_TOKEN: the App's entry replaces the token's.
      await waitUntilReady(backend);
      // The private key is a secret: nothing prints it.
      expect(backend.output()).not.toContain('PRIVATE KEY');
    } finally {
      await backend.stop();
    }
  });

  test('fails startup naming an unset GitHub App variable', async () => {
    const output = await outputOfFailedStart({
      env: { ...githubAppEnvironment(), GITHUB_APP_PRIVATE_KEY: undefined },
      extraConfigs: ['app-config.github-app.yaml'],
    });
    expect(output).toContain(
      "Missing required environment variable: GITHUB_APP_PRIVATE_KEY (read by 'integrations.github[0].apps[0].privateKey' in app-config.github-app.yaml)",
    );
  });

  test('fails startup naming an unreachable PostgreSQL', async () => {
    const closedPort = await freePort();
    const output = await outputOfFailedStart({
      env: { POSTGRES_PORT: String(closedPort) },
    });
    expect(output).toContain(
      `Cannot connect to PostgreSQL at ${postgres.host}:${closedPort} (backend.database.connection)`,
    );
  });

  test('fails startup naming a malformed config file', async () => {
    writeFileSync(
      join(stageDir, 'app-config.broken.yaml'),
      'app:\n  title: [unclosed\n',
    );
    const output = await outputOfFailedStart({
      extraConfigs: ['app-config.broken.yaml'],
    });
    expect(output).toContain(
      'Config file app-config.broken.yaml is not valid YAML',
    );
  });
});
