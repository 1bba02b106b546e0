import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  containerResources,
  formatViolations,
  namespaceFor,
  readPlatformConfig,
  validateEntityRef,
  validateServiceRequest,
  type Violation,
} from '@internal/plugin-platform-common';
import {
  repositoryLocation,
  type RepositoryLocation,
} from '@internal/plugin-platform-node';
import { examples } from './createServicePlanAction.examples';

/**
 * Creates `platform:service:plan`: checks a new service's request against the
 * platform contract (name, owner, system, environments, tier) and resolves
 * what it gets in each environment, so later steps and the skeleton take
 * namespaces, clusters and resources from the config instead of repeating
 * them. It changes nothing, so it runs in dry runs too.
 *
 * @public
 */
export function createServicePlanAction(options: {
  config: Config;
  catalog: CatalogService;
}) {
  const { catalog } = options;
  // Read once: the backend refuses to start on a config that breaks a rule.
  const platform = readPlatformConfig(options.config);

  /** The catalog entity a ref names must exist and be of that kind. */
  async function checkEntity(
    field: string,
    value: string,
    kind: 'group' | 'system',
    credentials: BackstageCredentials,
  ): Promise<{ ref?: string; violation?: Violation }> {
    const parsed = validateEntityRef(value, kind, field);
    if ('violation' in parsed) {
      return { violation: parsed.violation };
    }
    const ref = parsed.full;
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      return {
        ref,
        violation: {
          field,
          rule: 'known-entity',
          message: `${ref} is not in the catalog`,
        },
      };
    }
    return { ref };
  }

  return createTemplateAction({
    id: 'platform:service:plan',
    description:
      "Checks a new service's request against the platform's rules (name, owner, system, environments, tier) and returns each environment's cluster and namespace and the tier's resources.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              'The service name: a DNS label short enough for its namespace in every environment.',
          }),
        owner: z =>
          z.string({
            description:
              'The owning group, an entity ref such as group:default/payments-team.',
          }),
        system: z =>
          z
            .string({
              description:
                'The system the service belongs to, an entity ref such as system:default/payments.',
            })
            .optional(),
        environments: z =>
          z.array(z.string(), {
            description:
              'Environment names from platform.environments, e.g. [dev, production].',
          }),
        tier: z =>
          z.string({
            description:
              'A tier name from platform.tiers, allowed in every chosen environment.',
          }),
        repoUrl: z =>
          z
            .string({
              description:
                'Where the repository goes, <host>?owner=<organisation>&repo=<name>; by default <name> in the first of platform.github.organizations on the first integrations.github host. A given one must name such a host and organisation.',
            })
            .optional(),
        allowedTiers: z =>
          z
            .array(z.string(), {
              description:
                "The tiers this template's services may have, e.g. [gpu] for a model server; by default every tier of platform.tiers. The template's form offers the same (the PlatformDeployment field's tiers option); this refuses a request posted straight to the scaffolder API with another.",
            })
            .optional(),
      },
      output: {
        name: z => z.string({ description: 'The service name.' }),
        repoUrl: z =>
          z.string({
            description:
              'Where the repository goes, <host>?owner=<organisation>&repo=<name>, for the GitHub steps.',
          }),
        owner: z =>
          z.string({ description: 'The owning group, as a full entity ref.' }),
        system: z =>
          z
            .string({ description: 'The system, as a full entity ref.' })
            .optional(),
        environments: z =>
          z.array(
            z.object({
              name: z.string(),
              title: z.string(),
              cluster: z.string(),
              namespace: z.string(),
              approval: z.boolean(),
            }),
            {
              description:
                'The chosen environments in promotion order, each with its cluster and the namespace the service gets there.',
            },
          ),
        namespaces: z =>
          z.array(z.string(), {
            description: 'The namespaces, in the order of environments.',
          }),
        tier: z =>
          z.object(
            {
              name: z.string(),
              title: z.string(),
              podSecurity: z.string(),
              resources: z.object({
                requests: z.record(z.string()),
                limits: z.record(z.string()),
              }),
              nodeSelector: z.record(z.string()),
              tolerations: z.array(z.record(z.string())),
            },
            {
              description:
                "The tier: a container's requests and limits (with GPUs), and where its pods may be scheduled.",
            },
          ),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const credentials = await ctx.getInitiatorCredentials();
      const violations = validateServiceRequest(
        {
          name: input.name,
          owner: input.owner,
          environments: input.environments,
          tier: input.tier,
        },
        platform,
      );
      const owner = await checkEntity(
        'owner',
        input.owner,
        'group',
        credentials,
      );
      const system = input.system
        ? await checkEntity('system', input.system, 'system', credentials)
        : undefined;
      if (input.allowedTiers && !input.allowedTiers.includes(input.tier)) {
        violations.push({
          field: 'tier',
          rule: 'allowed-by-template',
          message: `'${
            input.tier
          }' is not offered by this template, which allows ${input.allowedTiers.join(
            ', ',
          )}`,
        });
      }
      for (const found of [owner, system]) {
        if (found?.violation) violations.push(found.violation);
      }
      let repository: RepositoryLocation | undefined;
      try {
        repository = repositoryLocation(
          options.config,
          input.name,
          input.repoUrl,
        );
      } catch (error) {
        // "<field or config key>: <what is wrong>"
        const [field, ...message] = (error as Error).message.split(': ');
        violations.push({
          field,
          rule: 'repository-location',
          message: message.join(': '),
        });
      }
      if (violations.length > 0) {
        throw new InputError(formatViolations(violations));
      }

      const chosen = new Set(input.environments);
      const environments = platform.environments
        .filter(environment => chosen.has(environment.name))
        .map(environment => ({
          name: environment.name,
          title: environment.title,
          cluster: environment.cluster,
          namespace: namespaceFor(environment, input.name),
          approval: environment.approval,
        }));
      const tier = platform.tiers.find(t => t.name === input.tier)!;
      ctx.logger.info(
        `Service ${input.name} of ${owner.ref}, repository ${
          repository!.host
        }/${repository!.owner}/${repository!.repo}: tier ${
          tier.name
        } in ${environments
          .map(e => `${e.name} (${e.cluster}/${e.namespace})`)
          .join(', ')}`,
      );

      ctx.output('name', input.name);
      ctx.output('repoUrl', repository!.repoUrl);
      ctx.output('owner', owner.ref!);
      if (system?.ref) ctx.output('system', system.ref);
      ctx.output('environments', environments);
      ctx.output(
        'namespaces',
        environments.map(e => e.namespace),
      );
      ctx.output('tier', {
        name: tier.name,
        title: tier.title,
        podSecurity: tier.podSecurity,
        resources: containerResources(tier),
        nodeSelector: tier.gpu?.nodeSelector ?? {},
        tolerations: (tier.gpu?.tolerations ?? []).map(t => ({ ...t })),
      });
    },
  });
}
