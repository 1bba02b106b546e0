import type { NameAvailability } from '@internal/plugin-platform-common';

/** What the backend answers for a name nobody has taken, with the repository's app-config.yaml. */
export function freeName(name: string): NameAvailability {
  return {
    name,
    valid: true,
    violations: [],
    repository: { host: 'github.com', owner: 'acme', repo: name, free: true },
    namespaces: [
      ['dev', 'nonprod-cluster'],
      ['staging', 'nonprod-cluster'],
      ['production', 'prod-cluster'],
    ].map(([environment, cluster]) => ({
      environment,
      cluster,
      namespace: `${name}-${environment}`,
      free: true,
    })),
  };
}

/** The same, with the repository and the dev namespace taken and production unknown. */
export function takenName(name: string): NameAvailability {
  const answer = freeName(name);
  return {
    ...answer,
    repository: { ...answer.repository, free: false },
    namespaces: [
      {
        ...answer.namespaces[0],
        free: false,
        ownedBy: `component:default/${name}`,
      },
      answer.namespaces[1],
      {
        ...answer.namespaces[2],
        free: false,
        error: `Could not read Namespace ${name}-production on cluster prod-cluster: HTTP 503`,
      },
    ],
  };
}
