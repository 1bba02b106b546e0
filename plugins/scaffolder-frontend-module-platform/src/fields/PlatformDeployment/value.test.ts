import { config } from './fixtures';
import {
  initialValue,
  presentEnvironments,
  tiersAllowed,
  toggleEnvironment,
  withEnvironments,
} from './value';

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

describe('initialValue for an existing service', () => {
  const present = new Set(['dev']);

  it('starts with the first environment it does not have', () => {
    expect(initialValue(config, undefined, {}, present)).toEqual({
      environments: ['staging'],
      tier: 'small',
    });
  });

  it('drops defaults it has already', () => {
    expect(
      initialValue(
        config,
        undefined,
        { defaultEnvironments: ['dev', 'production'] },
        present,
      ).environments,
    ).toEqual(['production']);
  });
});

describe('presentEnvironments', () => {
  it('names the environments whose namespace is there', () => {
    const environment = (name: string, present: boolean) => ({
      name,
      title: name,
      cluster: 'nonprod-cluster',
      namespace: `web-${name}`,
      present,
    });
    expect(
      presentEnvironments({
        entityRef: 'component:default/web',
        environments: [
          environment('dev', true),
          environment('staging', false),
          { ...environment('production', false), error: 'cluster down' },
        ],
        previews: [{ ...environment('preview-pr-1', true), suffix: 'pr-1' }],
      }),
    ).toEqual(new Set(['dev']));
    expect(presentEnvironments(undefined)).toEqual(new Set());
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

describe('tiersAllowed', () => {
  it('keeps the tiers every chosen environment allows, in order', () => {
    const [dev, staging] = config.environments;
    expect(tiersAllowed(config.tiers, [dev, staging]).map(t => t.name)).toEqual(
      ['small', 'medium', 'gpu'],
    );
    expect(tiersAllowed(config.tiers, [staging]).map(t => t.name)).toEqual([
      'small',
      'medium',
      'large',
      'gpu',
    ]);
    expect(tiersAllowed(config.tiers, [])).toEqual(config.tiers);
  });
});

describe('withEnvironments', () => {
  it('keeps a tier the environments allow', () => {
    expect(
      withEnvironments(config, { environments: ['staging'], tier: 'small' }, [
        'dev',
        'staging',
      ]),
    ).toEqual({ value: { environments: ['dev', 'staging'], tier: 'small' } });
  });

  it('clears a tier one of them refuses, saying which', () => {
    const { value, cleared } = withEnvironments(
      config,
      { environments: ['staging'], tier: 'large' },
      ['dev', 'staging'],
    );
    expect(value).toEqual({ environments: ['dev', 'staging'], tier: '' });
    expect(cleared?.tier.name).toBe('large');
    expect(cleared?.refusing.map(e => e.name)).toEqual(['dev']);
  });

  it('leaves a tier the config lacks for validation to name', () => {
    expect(
      withEnvironments(config, { environments: [], tier: 'huge' }, ['dev'])
        .value,
    ).toEqual({ environments: ['dev'], tier: 'huge' });
  });
});
