import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading what runs of an entity. Checked together with catalog read
 * access: a caller who cannot read the entity gets 404 first.
 */
export const deploymentStatusReadPermission = createPermission({
  name: 'deployment-status.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Every permission of the deployment status plugin. */
export const deploymentStatusPermissions = [deploymentStatusReadPermission];
