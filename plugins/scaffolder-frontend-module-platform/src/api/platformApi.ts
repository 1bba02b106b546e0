import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { PlatformClient } from '@internal/plugin-platform-common';
import { platformApiRef } from './platformApiRef';

/**
 * Provides `platformApiRef`. Named, so that its id (`api:scaffolder/platform`)
 * does not replace the scaffolder plugin's own API extension.
 */
export const platformApi = ApiBlueprint.make({
  name: 'platform',
  params: defineParams =>
    defineParams({
      api: platformApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      // The fetch API signs requests in as the user; the endpoint refuses anonymous calls.
      factory: ({ discoveryApi, fetchApi }) =>
        new PlatformClient({ discoveryApi, fetchApi }),
    }),
});
