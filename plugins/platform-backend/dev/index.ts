import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Starts the plugin alone on http://localhost:7007 with the repository's
// app-config.yaml (run `yarn start` in this folder), then:
//
//   curl http://localhost:7007/api/platform/config -H 'Authorization: Bearer mock-user-token'
//   curl http://localhost:7007/api/platform/entities/component/default/invoice-service/environments \
//     -H 'Authorization: Bearer mock-user-token'
//
// Without the catalog backend, an in-memory catalog knows invoice-service.
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'invoice-service', namespace: 'default' },
        spec: { type: 'service', owner: 'group:default/payments-team' },
      },
    ],
  }),
);
backend.add(import('../src'));
backend.start();
