import type { Config } from '@backstage/config';
import { readPlatformConfig } from '@internal/plugin-platform-common';
import { resolve } from 'node:path';
import {
  resolveNodes,
  type SandboxNode,
  type SandboxNodeTaint,
} from '../kubernetes/controllers';
import type { SandboxOptions } from '../startSandbox';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The login the portal's integration token belongs to in the sandbox. */
export const PORTAL_LOGIN = 'developer-portal';

/** The port and scheme of a URL on this machine; undefined for other hosts. */
function loopbackAddress(
  url: string,
  key: string,
): { port: number; https: boolean } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${key} is not a valid URL: ${url}`);
  }
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) {
    return undefined;
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || !parsed.port) {
    throw new Error(
      `${key} points at this machine, so it must be an http(s) URL with a port for the sandbox to serve it, got ${url}`,
    );
  }
  return { port: Number(parsed.port), https: parsed.protocol === 'https:' };
}

/**
 * Derives what to start from the portal's own config, so the sandbox serves
 * exactly the GitHub hosts and clusters the portal is pointed at: every
 * `integrations.github` entry and every configured cluster whose URL is on
 * this machine. Nothing is started unless the config has a `sandbox` section.
 */
export function readSandboxOptions(
  config: Config,
  configDir: string,
): SandboxOptions | undefined {
  const sandbox = config.getOptionalConfig('sandbox');
  if (!sandbox) {
    return undefined;
  }
  const stateDir = sandbox.getOptionalString('stateDir');
  const options: SandboxOptions = {
    stateDir: stateDir ? resolve(configDir, stateDir) : undefined,
    clusters: [],
  };

  const githubIntegrations =
    config.getOptionalConfigArray('integrations.github') ?? [];
  githubIntegrations.forEach((integration, index) => {
    const key = `integrations.github[${index}].apiBaseUrl`;
    const apiBaseUrl = integration.getOptionalString('apiBaseUrl');
    const address = apiBaseUrl ? loopbackAddress(apiBaseUrl, key) : undefined;
    if (!address) {
      return;
    }
    if (address.https) {
      throw new Error(
        `${key}: the sandbox serves its GitHub-compatible API over http, got ${apiBaseUrl}`,
      );
    }
    const { port } = address;
    if (options.github) {
      throw new Error(
        `${key}: the sandbox serves one GitHub host, and already serves port ${options.github.port}`,
      );
    }
    const token = integration.getOptionalString('token');
    options.github = {
      port,
      tokens: token ? [{ token, login: PORTAL_LOGIN }] : [],
      organizations: (
        sandbox.getOptionalConfigArray('github.organizations') ?? []
      ).map(readOrganization),
      rateLimitPerHour: sandbox.getOptionalNumber('github.rateLimitPerHour'),
    };
  });

  const locators =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  locators.forEach((locator, locatorIndex) => {
    if (locator.getString('type') !== 'config') {
      return;
    }
    locator.getConfigArray('clusters').forEach((cluster, clusterIndex) => {
      const key = `kubernetes.clusterLocatorMethods[${locatorIndex}].clusters[${clusterIndex}]`;
      const address = loopbackAddress(cluster.getString('url'), `${key}.url`);
      if (!address) {
        return;
      }
      const token = cluster.getOptionalString('serviceAccountToken');
      options.clusters!.push({
        name: cluster.getString('name'),
        port: address.port,
        https: address.https,
        tokens: token ? [{ token, user: PORTAL_LOGIN }] : [],
      });
    });
  });
  const served = new Set(options.clusters!.map(cluster => cluster.name));
  for (const [name, nodes] of readSandboxNodes(config, served)) {
    options.clusters!.find(cluster => cluster.name === name)!.nodes = nodes;
  }
  // The GitOps sync deploys to every environment whose cluster the sandbox
  // serves; the platform config is read (and checked) as the backend reads it.
  options.environments = readPlatformConfig(config)
    .environments.filter(environment => served.has(environment.cluster))
    .map(({ name, cluster, namespace }) => ({ name, cluster, namespace }));
  options.seed = (sandbox.getOptionalConfigArray('seed.services') ?? []).map(
    service => ({
      name: service.getString('name'),
      repository: service.getString('repository'),
      team: service.getString('team'),
      system: service.getOptionalString('system'),
      releases: service.getStringArray('releases'),
      unpublished: service.getOptionalStringArray('unpublished'),
      replicas: service.getOptionalNumber('replicas'),
      environments: Object.fromEntries(
        (service.getOptionalConfig('environments')?.keys() ?? []).map(key => [
          key,
          service.getString(`environments.${key}`),
        ]),
      ),
    }),
  );
  return options;
}

function readOrganization(org: Config) {
  const teams = (org.getOptionalConfigArray('teams') ?? []).map(team => ({
    slug: team.getString('slug'),
    members: team.getOptionalStringArray('members') ?? [],
  }));
  const members = new Set([
    ...(org.getOptionalStringArray('members') ?? []),
    ...teams.flatMap(team => team.members),
  ]);
  members.delete(PORTAL_LOGIN);
  return {
    login: org.getString('login'),
    members: [
      { login: PORTAL_LOGIN, role: 'admin' as const },
      ...[...members].map(login => ({ login, role: 'member' as const })),
    ],
    teams,
  };
}

const CAPACITY_KEYS = ['cpu', 'memory', 'pods', 'ephemeral-storage'];

function readNode(node: Config, key: string): SandboxNode {
  const capacity: Record<string, string | number> = {};
  const capacityConfig = node.getOptionalConfig('capacity');
  for (const resource of capacityConfig?.keys() ?? []) {
    if (!CAPACITY_KEYS.includes(resource)) {
      throw new Error(
        `${key}.capacity.${resource}: capacity takes ${CAPACITY_KEYS.join(
          ', ',
        )}; list extended resources such as nvidia.com/gpu under extendedResources`,
      );
    }
    capacity[resource] = capacityConfig!.get(resource) as string | number;
  }
  for (const extended of node.getOptionalConfigArray('extendedResources') ??
    []) {
    capacity[extended.getString('name')] = extended.get('quantity') as
      | string
      | number;
  }
  const labels = node.getOptionalConfigArray('labels');
  const taints = node.getOptionalConfigArray('taints');
  return {
    name: node.getString('name'),
    address: node.getOptionalString('address'),
    ...(labels && {
      labels: Object.fromEntries(
        labels.map(label => [label.getString('key'), label.getString('value')]),
      ),
    }),
    ...(taints && {
      taints: taints.map(taint => ({
        key: taint.getString('key'),
        value: taint.getOptionalString('value'),
        effect: taint.getString('effect') as SandboxNodeTaint['effect'],
      })),
    }),
    ...(Object.keys(capacity).length && { capacity }),
  };
}

/**
 * The machines of each sandbox cluster that `sandbox.clusters` lists
 * (clusters it leaves out get one general node), checked as their Nodes
 * will be. `served` names the clusters the sandbox serves; an entry for any
 * other is a mistake.
 */
export function readSandboxNodes(
  config: Config,
  served: Set<string>,
): Map<string, SandboxNode[]> {
  const result = new Map<string, SandboxNode[]>();
  (config.getOptionalConfigArray('sandbox.clusters') ?? []).forEach(
    (cluster, index) => {
      const key = `sandbox.clusters[${index}]`;
      const name = cluster.getString('name');
      if (!served.has(name)) {
        throw new Error(
          `${key}.name: the sandbox serves no cluster ${name}; it serves the clusters of kubernetes.clusterLocatorMethods whose url is on this machine (${
            [...served].join(', ') || 'none'
          })`,
        );
      }
      if (result.has(name)) {
        throw new Error(
          `${key}.name: cluster ${name} is listed twice in sandbox.clusters`,
        );
      }
      const nodes = cluster
        .getConfigArray('nodes')
        .map((node, n) => readNode(node, `${key}.nodes[${n}]`));
      resolveNodes(nodes, `${key}.nodes`);
      result.set(name, nodes);
    },
  );
  return result;
}
