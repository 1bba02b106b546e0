import { platform } from './fixtures';
import { maxServiceNameLength, validateServiceName } from './serviceName';

describe('validateServiceName', () => {
  it('accepts a DNS label whose namespaces fit', () => {
    expect(validateServiceName('invoice-service', platform)).toEqual([]);
  });

  it('leaves room for the longest environment suffix', () => {
    // '-production' is 11 characters.
    expect(maxServiceNameLength(platform)).toBe(52);
    expect(validateServiceName('a'.repeat(52), platform)).toEqual([]);
    expect(validateServiceName('a'.repeat(53), platform)).toEqual([
      {
        field: 'name',
        rule: 'max-length',
        message: `may have at most 52 characters, so that its namespace in every environment stays within 63 ('${'a'.repeat(
          53,
        )}-production' in production has 64)`,
      },
    ]);
  });

  it.each(['Invoice', '1invoice', 'invoice-', 'in_voice', 'in.voice'])(
    'refuses %s as not a DNS label',
    name => {
      expect(validateServiceName(name, platform).map(v => v.rule)).toEqual([
        'dns-label',
      ]);
    },
  );

  it.each(['default', 'kube-system', 'kube-anything', 'openshift-x'])(
    'refuses the reserved name %s',
    name => {
      expect(validateServiceName(name, platform).map(v => v.rule)).toContain(
        'reserved',
      );
    },
  );

  it('refuses a name whose namespace would be reserved', () => {
    const bare = {
      ...platform,
      environments: [
        { ...platform.environments[0], namespace: 'kube-{service}' },
      ],
    };
    expect(validateServiceName('web', bare)).toEqual([
      {
        field: 'name',
        rule: 'reserved',
        message: "gives the reserved namespace 'kube-web' in dev",
      },
    ]);
  });

  it('returns every violation at once', () => {
    expect(
      validateServiceName(
        `Kube-${'x'.repeat(60)}`,
        platform,
        'parameters.name',
      ).map(v => `${v.field} ${v.rule}`),
    ).toEqual(['parameters.name dns-label', 'parameters.name max-length']);
  });

  it('asks for a name when there is none', () => {
    expect(validateServiceName('', platform)).toEqual([
      { field: 'name', rule: 'required', message: 'is required' },
    ]);
  });
});
