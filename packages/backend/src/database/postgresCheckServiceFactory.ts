import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type RootConfigService,
} from '@backstage/backend-plugin-api';
import { Client, type ClientConfig } from 'pg';

const CONNECT_TIMEOUT_MS = 10_000;

const postgresCheckServiceRef = createServiceRef<void>({
  id: 'portal.postgres-check',
  scope: 'root',
});

/**
 * Checks once, before any plugin starts, that the configured PostgreSQL can
 * be reached. Root services start eagerly and a failure stops startup with
 * one message naming the host, instead of every plugin retrying its
 * connection forever.
 */
export const postgresCheckServiceFactory = createServiceFactory({
  service: postgresCheckServiceRef,
  deps: { config: coreServices.rootConfig },
  async factory({ config }) {
    await assertPostgresReachable(config);
  },
});

async function assertPostgresReachable(config: RootConfigService) {
  if (config.getOptionalString('backend.database.client') !== 'pg') {
    return;
  }
  const connection = config.get<string | ClientConfig>(
    'backend.database.connection',
  );
  const settings: ClientConfig =
    typeof connection === 'string'
      ? { connectionString: connection }
      : { ...connection, database: connection.database ?? 'postgres' };
  const client = new Client({
    ...settings,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const where =
      typeof connection === 'string'
        ? new URL(connection).host
        : `${connection.host ?? 'localhost'}:${connection.port ?? 5432}`;
    throw new Error(
      `Cannot connect to PostgreSQL at ${where} (backend.database.connection): ${
        (error as Error).message
      }`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}
