import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

// Starts the plugin alone on http://localhost:7007 with the repository's
// app-config.yaml (run `yarn start` in this folder), then:
//
//   curl http://localhost:7007/api/platform/config -H 'Authorization: Bearer mock-user-token'
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('../src'));
backend.start();
