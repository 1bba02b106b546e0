import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

export { loadPortalConfig as portalConfig } from '@internal/plugin-platform-common/testUtils';

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
