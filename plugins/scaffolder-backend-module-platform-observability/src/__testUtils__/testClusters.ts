import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { PlatformClusters } from '@internal/plugin-platform-node';
import {
  startTestSandbox,
  type TestSandbox,
} from '@internal/sandbox/testUtils';

export { portalPlatformConfig } from '@internal/plugin-platform-common/testUtils';

/** Two sandbox clusters, `nonprod-cluster` and `prod-cluster`, as app-config.yaml names them. */
export function startTestClusters(): Promise<TestSandbox> {
  return startTestSandbox({
    github: false,
    clusters: [{ name: 'nonprod-cluster' }, { name: 'prod-cluster' }],
  });
}

/** The sandbox's config with the portal's platform section and `observability` settings. */
export function configFor(
  sandbox: TestSandbox,
  platform: JsonObject,
  observability: JsonObject = {},
): ConfigReader {
  const base = sandbox.config() as JsonObject;
  return new ConfigReader({
    ...base,
    app: { baseUrl: 'https://portal.acme.example' },
    platform: { ...platform, observability },
  });
}

export function clustersFor(config: ConfigReader): PlatformClusters {
  return PlatformClusters.fromConfig(config, {
    logger: mockServices.logger.mock(),
  });
}
