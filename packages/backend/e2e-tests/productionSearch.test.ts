import { expect, test } from '@playwright/test';
import { Client } from 'pg';
import {
  STAGE_DIR_VARIABLE,
  STATIC_TOKEN,
  dropDatabases,
  freePort,
  postgres,
  productionEnvironment,
  startBackend,
  waitUntilReady,
} from './productionBackend';

// Its own database names, outside the `portal_e2e_` ones the other production
// tests drop, so the files may run side by side.
const SEARCH_DATABASE_PREFIX = 'portal_search_e2e_';

const stageDir = process.env[STAGE_DIR_VARIABLE] ?? '';

test.describe('production build search', () => {
  test.skip(!stageDir, 'no PostgreSQL to run the production build against');
  test.describe.configure({ timeout: 240_000 });

  test('indexes the catalog in PostgreSQL and finds the checkout service, API and system', async ({
    request,
  }) => {
    await dropDatabases(SEARCH_DATABASE_PREFIX);
    const port = await freePort();
    const backend = startBackend({
      stageDir,
      port,
      env: {
        ...productionEnvironment(port),
        APP_CONFIG_backend_database_prefix: SEARCH_DATABASE_PREFIX,
      },
    });
    try {
      await waitUntilReady(backend);
      // The PostgreSQL engine registered itself: no fallback to the in-memory one.
      expect(backend.output()).not.toContain(
        'Postgres search engine is not supported',
      );

      // The catalog collator runs shortly after startup, once the catalog has its entities.
      await expect
        .poll(
          async () => {
            const response = await request.get(
              `${backend.url}/api/search/query?term=checkout`,
              { headers: { Authorization: `Bearer ${STATIC_TOKEN}` } },
            );
            expect(response.status()).toBe(200);
            const { results } = await response.json();
            return results.map((r: any) => r.document.location).sort();
          },
          { timeout: 180_000, intervals: [2_000] },
        )
        .toEqual(
          expect.arrayContaining([
            '/catalog/default/component/checkout-service',
            '/catalog/default/api/checkout-api',
            '/catalog/default/system/checkout',
          ]),
        );

      // The index lives in the search plugin's database.
      const client = new Client({
        ...postgres,
        database: `${SEARCH_DATABASE_PREFIX}search`,
      });
      await client.connect();
      const { rows } = await client
        .query<{ count: string }>(
          "SELECT count(*) FROM documents WHERE type = 'software-catalog'",
        )
        .finally(() => client.end());
      expect(Number(rows[0].count)).toBeGreaterThan(0);
    } finally {
      await backend.stop();
      await dropDatabases(SEARCH_DATABASE_PREFIX);
    }
  });
});
