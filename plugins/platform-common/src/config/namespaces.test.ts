import { DEFAULT_NAMESPACE_PATTERN, namespaceFor } from './namespaces';

describe('namespaceFor', () => {
  it('names namespaces <service>-<environment> by default', () => {
    expect(
      namespaceFor(
        { name: 'production', namespace: DEFAULT_NAMESPACE_PATTERN },
        'checkout-service',
      ),
    ).toBe('checkout-service-production');
  });

  it("follows an environment's own rule", () => {
    expect(
      namespaceFor({ name: 'prod', namespace: 'team-{service}' }, 'checkout'),
    ).toBe('team-checkout');
  });
});
