import { config } from './fixtures';
import { initialValue, toggleEnvironment } from './value';

describe('initialValue', () => {
  it('keeps what the form holds', () => {
    expect(
      initialValue(config, { environments: ['staging'], tier: 'large' }, {}),
    ).toEqual({ environments: ['staging'], tier: 'large' });
  });

  it('takes the ui:options defaults, dropping names the config lacks', () => {
    expect(
      initialValue(config, undefined, {
        defaultEnvironments: ['production', 'qa', 'staging'],
        defaultTier: 'large',
      }),
    ).toEqual({ environments: ['staging', 'production'], tier: 'large' });
  });

  it('falls back to the first environment and the first tier it allows', () => {
    expect(initialValue(config, {}, {})).toEqual({
      environments: ['dev'],
      tier: 'small',
    });
    // large, medium, small: dev does not allow large.
    const largeFirst = { ...config, tiers: config.tiers.slice(0, 3).reverse() };
    expect(initialValue(largeFirst, {}, {}).tier).toBe('medium');
    expect(
      initialValue(largeFirst, { environments: ['staging'] }, {}).tier,
    ).toBe('large');
  });
});

describe('toggleEnvironment', () => {
  it('keeps promotion order', () => {
    expect(toggleEnvironment(config, ['production'], 'dev', true)).toEqual([
      'dev',
      'production',
    ]);
    expect(
      toggleEnvironment(config, ['dev', 'production'], 'dev', false),
    ).toEqual(['production']);
  });

  it('keeps names the config lacks, for validation to point at', () => {
    expect(toggleEnvironment(config, ['qa'], 'dev', true)).toEqual([
      'dev',
      'qa',
    ]);
  });
});
