import {
  ApiBlueprint,
  configApiRef,
  createFrontendModule,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { techdocsStorageApiRef } from '@backstage/plugin-techdocs';
import { PortalTechDocsStorageClient } from './PortalTechDocsStorageClient';

/** Replaces TechDocs' storage API (`api:techdocs/storage`) with one that explains build failures. */
const storageApi = ApiBlueprint.make({
  name: 'storage',
  params: defineParams =>
    defineParams({
      api: techdocsStorageApiRef,
      deps: {
        configApi: configApiRef,
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
      },
      factory: ({ configApi, discoveryApi, fetchApi }) =>
        new PortalTechDocsStorageClient({ configApi, discoveryApi, fetchApi }),
    }),
});

export const techdocsModule = createFrontendModule({
  pluginId: 'techdocs',
  extensions: [storageApi],
});
