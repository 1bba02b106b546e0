import { deploymentStatusReadPermission } from './permissions';

describe('deploymentStatusReadPermission', () => {
  it('is a read permission on catalog entities', () => {
    expect(deploymentStatusReadPermission).toEqual({
      type: 'resource',
      name: 'deployment-status.entity.read',
      attributes: { action: 'read' },
      resourceType: 'catalog-entity',
    });
  });
});
