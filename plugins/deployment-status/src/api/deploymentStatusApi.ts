import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { DeploymentStatusClient } from '@internal/plugin-deployment-status-common';
import { deploymentStatusApiRef } from './deploymentStatusApiRef';

/** Provides `deploymentStatusApiRef`. */
export const deploymentStatusApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deploymentStatusApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      // The fetch API signs requests in as the user; the endpoint refuses anonymous calls.
      factory: ({ discoveryApi, fetchApi }) =>
        new DeploymentStatusClient({ discoveryApi, fetchApi }),
    }),
});
