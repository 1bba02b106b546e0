import { platform } from './fixtures';
import { teamCapsFor, validateServiceRequest } from './serviceRequest';
import { formatViolations } from './violations';

const request = {
  name: 'invoice-service',
  owner: 'group:default/payments-team',
  environments: ['dev', 'production'],
  tier: 'small',
};

describe('validateServiceRequest', () => {
  it('accepts a request within every rule', () => {
    expect(
      validateServiceRequest(request, platform, {
        namespaces: 2,
        cpu: '2',
        memory: '2Gi',
      }),
    ).toEqual([]);
  });

  describe('preview environments', () => {
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

    it('are known only to the actions that provision them', () => {
      const preview = { ...request, environments: ['preview-pr-1'] };
      expect(validateServiceRequest(preview, withPreviews)).toEqual([
        {
          field: 'environments[0]',
          rule: 'known-environment',
          message: expect.stringContaining("'preview-pr-1' is not an"),
        },
      ]);
      expect(
        validateServiceRequest(
          { ...preview, allowPreviews: true },
          withPreviews,
        ),
      ).toEqual([]);
      expect(
        formatViolations(
          validateServiceRequest(
            { ...preview, allowPreviews: true, tier: 'medium' },
            withPreviews,
          ),
        ),
      ).toContain("tier: 'medium' is not allowed in preview-pr-1");
    });

    it('must give a namespace of at most 63 characters', () => {
      expect(
        formatViolations(
          validateServiceRequest(
            {
              ...request,
              name: 'a'.repeat(40),
              environments: [`preview-${'b'.repeat(20)}`],
              allowPreviews: true,
            },
            withPreviews,
          ),
        ),
      ).toContain('of 69 characters, more than 63: use a shorter suffix');
    });
  });

  it('refuses unknown and repeated environments, and asks for one', () => {
    expect(
      validateServiceRequest(
        { ...request, environments: ['dev', 'qa', 'dev'] },
        platform,
      ),
    ).toEqual([
      {
        field: 'environments[1]',
        rule: 'known-environment',
        message:
          "'qa' is not an environment of this portal (dev, staging, production)",
      },
      {
        field: 'environments[2]',
        rule: 'unique',
        message: "repeats environment 'dev'",
      },
    ]);
    expect(
      validateServiceRequest({ ...request, environments: [] }, platform).map(
        v => v.rule,
      ),
    ).toEqual(['required']);
  });

  it('refuses a tier that is unknown or not allowed in a chosen environment', () => {
    expect(
      validateServiceRequest({ ...request, tier: 'huge' }, platform),
    ).toEqual([
      {
        field: 'tier',
        rule: 'known-tier',
        message: "'huge' is not a tier of this portal (small, medium, large)",
      },
    ]);
    expect(
      validateServiceRequest(
        {
          ...request,
          environments: ['dev', 'staging', 'production'],
          tier: 'large',
        },
        platform,
      ),
    ).toEqual([
      {
        field: 'tier',
        rule: 'tier-allowed',
        message: "'large' is not allowed in dev, which allows small, medium",
      },
      {
        field: 'tier',
        rule: 'tier-allowed',
        message:
          "'large' is not allowed in staging, which allows small, medium",
      },
    ]);
  });

  it("refuses a request over the team's caps, counting what it holds", () => {
    const violations = validateServiceRequest(
      { ...request, tier: 'medium' },
      platform,
      { namespaces: 4, cpu: '3', memory: '10Gi' },
    );
    expect(violations).toEqual([
      {
        field: 'owner',
        rule: 'team-cap',
        message:
          'group:default/payments-team may own at most 5 namespaces; it owns 4 and this asks for 2 more',
      },
      {
        field: 'owner',
        rule: 'team-cap',
        message:
          'group:default/payments-team may request at most 6 of cpu over all its namespaces; it holds 3 and this asks for 4 more',
      },
      {
        field: 'owner',
        rule: 'team-cap',
        message:
          'group:default/payments-team may request at most 16Gi of memory over all its namespaces; it holds 10Gi and this asks for 8Gi more',
      },
    ]);
  });

  it("uses a team's own caps over the default", () => {
    expect(teamCapsFor(platform, 'group:default/Data-Team')).toEqual({
      namespaces: 50,
    });
    expect(
      validateServiceRequest(
        { ...request, owner: 'group:default/data-team' },
        platform,
        { namespaces: 40, cpu: '100' },
      ),
    ).toEqual([]);
  });

  it('puts every violation in one message, each naming its field', () => {
    const message = formatViolations(
      validateServiceRequest(
        { name: 'Bad_Name', environments: ['qa'], tier: 'large' },
        platform,
      ),
    );
    expect(message).toBe(
      "name: must be a DNS label: lowercase letters, digits and '-', starting with a letter and not ending with '-' (got 'Bad_Name'); environments[0]: 'qa' is not an environment of this portal (dev, staging, production)",
    );
  });
});
