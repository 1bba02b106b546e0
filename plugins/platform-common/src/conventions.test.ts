import { defaultNamespaceName, deployFolder } from './conventions';

describe('conventions', () => {
  it('puts manifests of an environment under deploy/<environment>', () => {
    expect(deployFolder('staging')).toBe('deploy/staging');
  });

  it('names namespaces <service>-<environment>', () => {
    expect(defaultNamespaceName('checkout-service', 'production')).toBe(
      'checkout-service-production',
    );
  });
});
