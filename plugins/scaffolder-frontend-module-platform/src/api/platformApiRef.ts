import { createApiRef } from '@backstage/frontend-plugin-api';
import type { PlatformApi } from '@internal/plugin-platform-common';

/** The platform backend's API: what a template form may offer. */
export const platformApiRef = createApiRef<PlatformApi>({
  id: 'plugin.platform.api',
});
