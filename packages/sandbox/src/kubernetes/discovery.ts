import { SCALE_KIND } from './http/scale';
import {
  apiVersionOf,
  type ResourceKind,
  type ResourceRegistry,
  STANDARD_VERBS,
  type Subresource,
} from './resources';

/** What `/version` reports: a 1.32 server, the minor kubectl 1.32 expects. */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Resources that only take POSTs (access reviews), served next to the stored kinds. */
export interface VirtualResource {
  group: string;
  version: string;
  resource: string;
  kind: string;
  singularName: string;
}

export const VIRTUAL_RESOURCES: VirtualResource[] = [
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    kind: 'SelfSubjectAccessReview',
    singularName: 'selfsubjectaccessreview',
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectrulesreviews',
    kind: 'SelfSubjectRulesReview',
    singularName: 'selfsubjectrulesreview',
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    resource: 'selfsubjectreviews',
    kind: 'SelfSubjectReview',
    singularName: 'selfsubjectreview',
  },
];

function verbsOf(_kind: ResourceKind): string[] {
  return STANDARD_VERBS;
}

/** What a subresource answers in and takes: a Scale for `scale`, a Pod's log, the kind itself. */
const SUBRESOURCE_VERBS: Partial<Record<Subresource, string[]>> = {
  log: ['get'],
  finalize: ['update'],
};

function subresourceKind(
  kind: ResourceKind,
  sub: Subresource,
  version: string,
) {
  if (sub === 'scale')
    return { ...SCALE_KIND, verbs: ['get', 'patch', 'update'] };
  return {
    group: kind.group,
    version,
    kind: sub === 'log' ? 'Pod' : kind.kind,
    verbs: SUBRESOURCE_VERBS[sub] ?? ['get', 'patch', 'update'],
  };
}

function resourceEntries(kind: ResourceKind, version: string) {
  const entries: Array<Record<string, unknown>> = [
    {
      name: kind.resource,
      singularName: kind.singularName,
      namespaced: kind.namespaced,
      kind: kind.kind,
      verbs: verbsOf(kind),
      ...(kind.shortNames ? { shortNames: kind.shortNames } : {}),
      ...(kind.categories ? { categories: kind.categories } : {}),
    },
  ];
  for (const sub of kind.subresources ?? []) {
    const answer = subresourceKind(kind, sub, version);
    entries.push({
      name: `${kind.resource}/${sub}`,
      singularName: '',
      namespaced: kind.namespaced,
      // Only a kind of another group or version is named with them.
      ...(sub === 'scale'
        ? { group: answer.group, version: answer.version }
        : {}),
      kind: answer.kind,
      verbs: answer.verbs,
    });
  }
  return entries;
}

export class Discovery {
  constructor(private readonly registry: ResourceRegistry) {}

  private groupVersions(): Array<{ name: string; versions: string[] }> {
    const groups = this.registry.groups();
    for (const virtual of VIRTUAL_RESOURCES) {
      const existing = groups.find(g => g.name === virtual.group);
      if (existing) {
        if (!existing.versions.includes(virtual.version))
          existing.versions.push(virtual.version);
      } else {
        groups.push({ name: virtual.group, versions: [virtual.version] });
      }
    }
    return groups;
  }

  /** `/api`: APIVersions. */
  coreVersions(serverAddress: string) {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
  }

  private apiGroup(group: { name: string; versions: string[] }) {
    const versions = group.versions.map(version => ({
      groupVersion: `${group.name}/${version}`,
      version,
    }));
    return { name: group.name, versions, preferredVersion: versions[0] };
  }

  /** `/apis`: APIGroupList of every group but the core one. */
  groupList() {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: this.groupVersions()
        .filter(g => g.name !== '')
        .map(g => this.apiGroup(g)),
    };
  }

  /** `/apis/<group>`: APIGroup, or undefined for groups not served. */
  group(name: string) {
    const group = this.groupVersions().find(
      g => g.name === name && name !== '',
    );
    return group
      ? { kind: 'APIGroup', apiVersion: 'v1', ...this.apiGroup(group) }
      : undefined;
  }

  /** `/api/v1`, `/apis/<group>/<version>`: APIResourceList, or undefined. */
  resourceList(group: string, version: string) {
    const kinds = this.registry.inGroupVersion(group, version);
    const virtual = VIRTUAL_RESOURCES.filter(
      v => v.group === group && v.version === version,
    );
    if (!kinds.length && !virtual.length) return undefined;
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: apiVersionOf(group, version),
      resources: [
        ...kinds.flatMap(kind => resourceEntries(kind, version)),
        ...virtual.map(v => ({
          name: v.resource,
          singularName: v.singularName,
          namespaced: false,
          kind: v.kind,
          verbs: ['create'],
        })),
      ],
    };
  }

  /**
   * Aggregated discovery (apidiscovery.k8s.io/v2), one answer for all groups,
   * which kubectl 1.32 asks for first.
   */
  aggregated(core: boolean) {
    const groups = this.groupVersions().filter(g => (g.name === '') === core);
    return {
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
      items: groups.map(group => ({
        metadata: { name: group.name, creationTimestamp: null },
        versions: group.versions.map(version => ({
          version,
          freshness: 'Current',
          resources: [
            ...this.registry.inGroupVersion(group.name, version).map(kind => ({
              resource: kind.resource,
              responseKind: { group: kind.group, version, kind: kind.kind },
              scope: kind.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: kind.singularName,
              verbs: verbsOf(kind),
              ...(kind.shortNames ? { shortNames: kind.shortNames } : {}),
              ...(kind.categories ? { categories: kind.categories } : {}),
              ...(kind.subresources
                ? {
                    subresources: kind.subresources.map(sub => {
                      const answer = subresourceKind(kind, sub, version);
                      return {
                        subresource: sub,
                        responseKind: {
                          group: answer.group,
                          version: answer.version,
                          kind: answer.kind,
                        },
                        verbs: answer.verbs,
                      };
                    }),
                  }
                : {}),
            })),
            ...VIRTUAL_RESOURCES.filter(
              v => v.group === group.name && v.version === version,
            ).map(v => ({
              resource: v.resource,
              responseKind: { group: v.group, version, kind: v.kind },
              scope: 'Cluster',
              singularResource: v.singularName,
              verbs: ['create'],
            })),
          ],
        })),
      })),
    };
  }
}

export const AGGREGATED_DISCOVERY_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
