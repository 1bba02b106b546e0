import type {
  NameAvailability,
  NamespaceAvailability,
  RepositoryAvailability,
} from '@internal/plugin-platform-common';

/** One thing a name would take, in words: free, taken, or not known. */
export interface AvailabilityLine {
  state: 'free' | 'taken' | 'unknown';
  text: string;
}

function gitHubOn(host: string): string {
  return host === 'github.com' ? 'GitHub' : `GitHub (${host})`;
}

function repositoryLine(repository: RepositoryAvailability): AvailabilityLine {
  const where = `${repository.owner}/${repository.repo}`;
  const on = gitHubOn(repository.host);
  if (repository.error) {
    return {
      state: 'unknown',
      text: `${where} on ${on} could not be checked: ${repository.error}`,
    };
  }
  return repository.free
    ? { state: 'free', text: `${where} is free on ${on}` }
    : { state: 'taken', text: `${where} already exists on ${on}` };
}

function namespaceLine(namespace: NamespaceAvailability): AvailabilityLine {
  const { cluster } = namespace;
  if (namespace.error) {
    return {
      state: 'unknown',
      text: `${namespace.namespace} on ${cluster} could not be checked: ${namespace.error}`,
    };
  }
  if (namespace.free) {
    return {
      state: 'free',
      text: `${namespace.namespace} is free on ${cluster}`,
    };
  }
  return {
    state: 'taken',
    text: namespace.ownedBy
      ? `${namespace.namespace} already exists on ${cluster}, for ${namespace.ownedBy}`
      : `${namespace.namespace} already exists on ${cluster}`,
  };
}

/** The repository, then each environment's namespace, in words. */
export function describeAvailability(
  availability: NameAvailability,
): AvailabilityLine[] {
  return [
    repositoryLine(availability.repository),
    ...availability.namespaces.map(namespaceLine),
  ];
}
