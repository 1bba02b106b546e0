import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { FilePlaceholderProcessor } from '@internal/plugin-platform-node';

/**
 * `$yaml`, `$json` and `$text` placeholders relative to the files of `file`
 * locations, which the catalog cannot resolve itself: the golden-path
 * templates share their form and steps (`templates/shared/`) this way.
 */
export const catalogModuleFilePlaceholders = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'file-placeholders',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new FilePlaceholderProcessor());
      },
    });
  },
});
