import { platform } from './fixtures';
import {
  KNOWN_ENVIRONMENT_RULE,
  validateKnownEnvironment,
} from './knownEnvironment';

describe('validateKnownEnvironment', () => {
  const withPreviews = {
    ...platform,
    previews: {
      cluster: 'nonprod',
      tier: 'small',
      defaultTtlHours: 24,
      maxTtlHours: 72,
      reapIntervalMinutes: 5,
    },
  };

  it('names the rule known-environment, the field and the environments', () => {
    expect(KNOWN_ENVIRONMENT_RULE).toBe('known-environment');
    expect(validateKnownEnvironment(platform, 'environments[1]', 'qa')).toEqual(
      {
        field: 'environments[1]',
        rule: 'known-environment',
        message:
          "'qa' is not an environment of this portal (dev, staging, production)",
      },
    );
  });

  it('accepts the environments of platform.environments', () => {
    for (const name of ['dev', 'staging', 'production']) {
      expect(validateKnownEnvironment(platform, 'environment', name)).toBe(
        undefined,
      );
    }
  });

  it('accepts a preview only when asked to and previews are configured', () => {
    expect(
      validateKnownEnvironment(withPreviews, 'environment', 'preview-pr-12', {
        allowPreviews: true,
      }),
    ).toBe(undefined);
    expect(
      validateKnownEnvironment(platform, 'environment', 'preview-pr-12', {
        allowPreviews: true,
      })?.rule,
    ).toBe('known-environment');
    const refused = validateKnownEnvironment(
      withPreviews,
      'environment',
      'preview-pr-12',
    );
    expect(refused?.rule).toBe('known-environment');
    expect(refused?.message).not.toContain('preview-<suffix>');
    expect(
      validateKnownEnvironment(withPreviews, 'environment', 'qa', {
        allowPreviews: true,
      })?.message,
    ).toContain('or preview-<suffix> with a suffix of at most');
  });
});
