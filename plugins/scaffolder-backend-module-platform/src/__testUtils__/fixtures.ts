import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { resolve } from 'node:path';

/** The portal's own app-config.yaml, so tests see the example environments and tiers. */
export async function portalConfig(): Promise<ConfigReader> {
  const root = resolve(__dirname, '../../../..');
  const { appConfigs } = await loadConfig({
    configRoot: root,
    configTargets: [{ path: resolve(root, 'app-config.yaml') }],
  });
  return ConfigReader.fromConfigs(appConfigs);
}

/** A catalog with the groups and systems the examples name. */
export function exampleCatalog() {
  const entity = (kind: string, name: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: {},
  });
  return catalogServiceMock({
    entities: [
      entity('Group', 'payments-team'),
      entity('Group', 'data-team'),
      entity('System', 'payments'),
    ],
  });
}
