import { validateSlo } from './validateSlo';

const DEFAULTS = {
  availability: '99.9',
  latencyObjective: '95',
  latencyThresholdMs: 300,
  period: '30d',
};

describe('validateSlo', () => {
  it('accepts the golden path defaults and emits both severities', () => {
    expect(validateSlo(DEFAULTS)).toEqual({
      slo: { ...DEFAULTS, severities: ['page', 'ticket'] },
      violations: [],
    });
  });

  it('names every field at fault and its rule', () => {
    const { slo, violations } = validateSlo({
      availability: 100,
      latencyObjective: '0',
      latencyThresholdMs: 301,
      period: '90d',
      severities: ['sms'],
    });
    expect(slo).toBeUndefined();
    expect(violations.map(v => [v.field, v.rule])).toEqual([
      ['availability', 'objective-range'],
      ['latencyObjective', 'objective-range'],
      ['latencyThresholdMs', 'latency-bucket'],
      ['period', 'slo-period'],
      ['severities', 'severity'],
    ]);
    expect(violations[2].message).toMatch(/5, 10, 25, 50, 100, 250, 300/);
  });

  it.each(['-1', '1e2', 'abc', ''])('refuses %j as an objective', value => {
    expect(
      validateSlo({ ...DEFAULTS, availability: value }).violations[0].rule,
    ).toBe('objective-range');
  });

  it('refuses an objective whose page alert could never fire', () => {
    const { violations } = validateSlo({ ...DEFAULTS, latencyObjective: '90' });
    expect(violations).toEqual([
      expect.objectContaining({
        field: 'latencyObjective',
        rule: 'burn-rate-reachable',
      }),
    ]);
    // Without the page tier the same objective is fine.
    expect(
      validateSlo({
        ...DEFAULTS,
        latencyObjective: '90',
        severities: ['ticket'],
      }).violations,
    ).toEqual([]);
  });
});
