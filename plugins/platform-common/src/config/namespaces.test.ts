import {
  DEFAULT_NAMESPACE_PATTERN,
  findEnvironment,
  namespaceFor,
  resolveEnvironments,
} from './namespaces';
import type { PlatformEnvironment } from './types';

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

describe('findEnvironment and resolveEnvironments', () => {
  const dev: PlatformEnvironment = {
    name: 'dev',
    title: 'Dev',
    cluster: 'nonprod',
    namespace: DEFAULT_NAMESPACE_PATTERN,
    tiers: ['small'],
    approval: false,
  };
  const previews = {
    cluster: 'nonprod',
    tier: 'small',
    defaultTtlHours: 24,
    maxTtlHours: 72,
    reapIntervalMinutes: 5,
  };

  it('finds a configured environment, and a preview when previews are configured', () => {
    expect(findEnvironment({ environments: [dev] }, 'dev')).toBe(dev);
    expect(
      findEnvironment({ environments: [dev] }, 'preview-pr-42'),
    ).toBeUndefined();
    const preview = findEnvironment(
      { environments: [dev], previews },
      'preview-pr-42',
    );
    expect(preview).toEqual({
      name: 'preview-pr-42',
      title: 'Preview pr-42',
      cluster: 'nonprod',
      namespace: DEFAULT_NAMESPACE_PATTERN,
      tiers: ['small'],
      approval: false,
      preview: true,
    });
    expect(namespaceFor(preview!, 'checkout')).toBe('checkout-preview-pr-42');
  });

  it('finds no preview whose suffix is not a short DNS label', () => {
    for (const name of [
      'preview-',
      'preview-PR_42',
      'preview--x',
      `preview-${'a'.repeat(21)}`,
    ]) {
      expect(findEnvironment({ environments: [dev], previews }, name)).toBe(
        undefined,
      );
    }
  });

  it('resolves names in promotion order, previews last, unknown names left out', () => {
    expect(
      resolveEnvironments({ environments: [dev], previews }, [
        'preview-a',
        'nope',
        'dev',
      ]).map(e => e.name),
    ).toEqual(['dev', 'preview-a']);
  });
});
