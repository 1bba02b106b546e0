import {
  namespaceFor,
  type PlatformConfigResponse,
} from '@internal/plugin-platform-common';
import { describeGpu, describeQuota } from '../PlatformDeployment/describeTier';

/** The golden-path form's values the review reads (what the template's pages ask). */
export interface ServiceFormValues {
  name?: string;
  owner?: string;
  system?: string;
  repoUrl?: string;
  repoVisibility?: string;
  deployment?: { environments?: string[]; tier?: string };
  slo?: {
    availability?: string;
    latencyObjective?: string;
    latencyThresholdMs?: number;
    period?: string;
    severities?: string[];
  };
}

/** One thing the task will create, in words: a title and its details. */
export interface PlannedItem {
  title: string;
  details: string[];
}

export interface ServicePlan {
  repository?: PlannedItem;
  namespaces: PlannedItem[];
  observability: PlannedItem[];
  catalog?: PlannedItem;
  /** What the form still lacks for a full review. */
  missing: string[];
}

/** `host?owner=acme&repo=web` as the RepoUrlPicker gives it. */
function parseRepoUrl(
  repoUrl: string,
): { host: string; owner?: string; repo?: string } | undefined {
  const [host, query = ''] = repoUrl.split('?');
  if (!host) return undefined;
  const params = new URLSearchParams(query);
  return {
    host,
    owner: params.get('owner') ?? undefined,
    repo: params.get('repo') ?? undefined,
  };
}

/** `group:default/payments-team` as `payments-team`. */
function shortRef(ref: string): string {
  return ref.replace(/^[^:]+:/, '').replace(/^default\//, '');
}

/**
 * What a golden-path task will create from the form's values, as the
 * template's steps and the platform config decide it: the repository and
 * its settings, each namespace with its quota and access, the alerts and
 * dashboards per environment, and the catalog entry.
 */
export function planService(
  values: ServiceFormValues,
  config: PlatformConfigResponse,
  /** Where the portal puts the repository (its name availability answer). */
  defaultRepository?: { host: string; owner: string; repo: string },
): ServicePlan {
  const missing: string[] = [];
  const name = values.name;
  if (!name) missing.push('a name');
  const chosen = config.environments.filter(environment =>
    values.deployment?.environments?.includes(environment.name),
  );
  if (chosen.length === 0) missing.push('environments');
  const tier = config.tiers.find(t => t.name === values.deployment?.tier);
  if (!tier) missing.push('a tier');
  const team = values.owner ? shortRef(values.owner) : undefined;

  let repository: PlannedItem | undefined;
  const location = values.repoUrl
    ? parseRepoUrl(values.repoUrl)
    : defaultRepository;
  if (location?.owner && location.repo) {
    repository = {
      title: `Repository ${location.host}/${location.owner}/${location.repo}`,
      details: [
        `${
          values.repoVisibility ?? 'private'
        }, with the rendered skeleton as its first commit on the default branch`,
        `the organisation's repository standard: ${
          team ? `${team} team access, ` : ''
        }a ruleset on the default branch (pull-request reviews, the CI workflow's checks, no force push), squash merges`,
        ...(chosen.length
          ? [
              `GitHub environments ${chosen
                .map(
                  e =>
                    `${e.name}${e.approval ? ' (deploys need approval)' : ''}`,
                )
                .join(
                  ', ',
                )}, each with its cluster and namespace as Actions variables`,
            ]
          : []),
      ],
    };
  }

  const namespaces: PlannedItem[] =
    name && tier
      ? chosen.map(environment => ({
          title: `Namespace ${namespaceFor(environment, name)} on ${
            environment.cluster
          } (${environment.title})`,
          details: [
            `${tier.title} tier. ${describeQuota(tier)}`,
            ...(describeGpu(tier) ? [describeGpu(tier)!] : []),
            `Pod Security: ${tier.podSecurity}`,
            `${
              team ? `${team} can edit; ` : ''
            }a CI service account deploys; traffic only from the same namespace, the ingress controller and monitoring`,
          ],
        }))
      : [];

  const slo = values.slo;
  const severities = slo?.severities?.length
    ? slo.severities.join(' and ')
    : 'page and ticket';
  const observability: PlannedItem[] =
    name && slo
      ? chosen.map(environment => ({
          title: `Alerts and dashboard in ${environment.title}`,
          details: [
            `SLOs over ${slo.period}: ${slo.availability}% of requests succeed, ${slo.latencyObjective}% take less than ${slo.latencyThresholdMs} ms`,
            `burn-rate alerts at ${severities} severity for each SLO, and one when the service's metrics are absent`,
            `a ServiceMonitor scraping its metrics, and the dashboard "${name} (${environment.name})"`,
          ],
        }))
      : [];

  const catalog: PlannedItem | undefined = name
    ? {
        title: `Catalog entry component:default/${name}`,
        details: [
          [
            team && `owned by ${team}`,
            values.system && `part of ${shortRef(values.system)}`,
          ]
            .filter(Boolean)
            .join(', ') || 'registered from the repository',
          'linked to its dashboards, alerts and SLOs, with its Deployments tab',
        ],
      }
    : undefined;

  return { repository, namespaces, observability, catalog, missing };
}
