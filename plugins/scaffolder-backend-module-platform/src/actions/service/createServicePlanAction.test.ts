import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { exampleCatalog, portalConfig } from '../../__testUtils__/fixtures';
import { createServicePlanAction } from './createServicePlanAction';

async function plan(input: Record<string, unknown>, config?: ConfigReader) {
  const action = createServicePlanAction({
    config: config ?? (await portalConfig()),
    catalog: exampleCatalog(),
  });
  const ctx = createMockActionContext({ input: input as any });
  await action.handler(ctx);
  const outputs: Record<string, unknown> = {};
  for (const [name, value] of (ctx.output as jest.Mock).mock.calls) {
    outputs[name] = value;
  }
  return outputs;
}

const request = {
  name: 'invoice-service',
  owner: 'payments-team',
  system: 'payments',
  environments: ['production', 'dev'],
  tier: 'small',
};

describe('platform:service:plan', () => {
  it('resolves namespaces, clusters and resources from the platform config', async () => {
    expect(await plan(request)).toEqual({
      name: 'invoice-service',
      // The first organisation on the first GitHub host of app-config.yaml.
      repoUrl: '127.0.0.1:7010?owner=acme&repo=invoice-service',
      owner: 'group:default/payments-team',
      system: 'system:default/payments',
      // Promotion order, whatever order the request gives.
      environments: [
        {
          name: 'dev',
          title: 'Development',
          cluster: 'nonprod-cluster',
          namespace: 'invoice-service-dev',
          approval: false,
        },
        {
          name: 'production',
          title: 'Production',
          cluster: 'prod-cluster',
          namespace: 'invoice-service-production',
          approval: true,
        },
      ],
      namespaces: ['invoice-service-dev', 'invoice-service-production'],
      tier: {
        name: 'small',
        title: 'Small',
        podSecurity: 'restricted',
        resources: {
          requests: { cpu: '100m', memory: '128Mi' },
          limits: { cpu: '500m', memory: '256Mi' },
        },
        nodeSelector: {},
        tolerations: [],
      },
    });
  });

  it("gives a GPU tier's accelerators, node selector and tolerations", async () => {
    const { tier } = await plan({
      ...request,
      owner: 'group:default/data-team',
      environments: ['dev'],
      tier: 'gpu',
    });
    expect(tier).toMatchObject({
      resources: {
        requests: { 'nvidia.com/gpu': '1' },
        limits: { 'nvidia.com/gpu': '1' },
      },
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      tolerations: [
        { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      ],
    });
  });

  it("refuses a tier the template does not allow, naming the field and the template's tiers", async () => {
    await expect(plan({ ...request, allowedTiers: ['gpu'] })).rejects.toThrow(
      "tier: 'small' is not offered by this template, which allows gpu",
    );
    const { tier } = await plan({
      ...request,
      environments: ['dev'],
      tier: 'gpu',
      allowedTiers: ['gpu'],
    });
    expect(tier).toMatchObject({ name: 'gpu' });
  });

  it('follows the config: a changed tier changes the resources', async () => {
    const base = (await portalConfig()).get('platform') as any;
    const config = new ConfigReader({
      kubernetes: (await portalConfig()).get('kubernetes') as any,
      platform: {
        ...base,
        tiers: base.tiers.map((tier: any) =>
          tier.name === 'small'
            ? {
                ...tier,
                limits: {
                  ...tier.limits,
                  default: { cpu: '500m', memory: '384Mi' },
                },
              }
            : tier,
        ),
      },
    });
    const { tier } = await plan(request, config);
    expect((tier as any).resources.limits.memory).toBe('384Mi');
  });

  it('refuses every fault at once, naming each field and rule', async () => {
    await expect(
      plan({
        name: 'Invoice_Service',
        owner: 'user:default/alex-chen',
        system: 'payments',
        environments: ['dev', 'qa'],
        tier: 'large',
        repoUrl: 'github.com?owner=someone-else&repo=invoices',
      }),
    ).rejects.toThrow(
      "name: must be a DNS label: lowercase letters, digits and '-', starting with a letter and not ending with '-' (got 'Invoice_Service'); environments[1]: 'qa' is not an environment of this portal (dev, staging, production); tier: 'large' is not allowed in dev, which allows small, medium, gpu; owner: must be a group entity ref such as group:default/payments-team, got 'user:default/alex-chen'; repoUrl: owner 'someone-else' is not one of platform.github.organizations (acme)",
    );
  });

  it('takes a repository location on a configured host and organisation', async () => {
    const { repoUrl } = await plan({
      ...request,
      repoUrl: 'github.com?owner=acme&repo=invoices',
    });
    expect(repoUrl).toBe('github.com?owner=acme&repo=invoices');
  });

  it('refuses an owner or system that is not in the catalog', async () => {
    await expect(
      plan({ ...request, owner: 'ghost-team', system: 'nowhere' }),
    ).rejects.toThrow(
      'owner: group:default/ghost-team is not in the catalog; system: system:default/nowhere is not in the catalog',
    );
  });

  it('refuses a name too long for its longest namespace', async () => {
    await expect(plan({ ...request, name: 'a'.repeat(53) })).rejects.toThrow(
      'name: may have at most 52 characters',
    );
  });
});
