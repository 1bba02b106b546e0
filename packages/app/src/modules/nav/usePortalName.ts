import { configApiRef, useApi } from '@backstage/frontend-plugin-api';

/** The portal's name and its organisation's, from `app.title` and `organization.name`. */
export function usePortalName() {
  const config = useApi(configApiRef);
  return {
    title: config.getOptionalString('app.title') ?? 'Developer Portal',
    organization: config.getOptionalString('organization.name'),
  };
}
