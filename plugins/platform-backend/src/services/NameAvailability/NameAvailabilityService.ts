import type { NameAvailability } from '@internal/plugin-platform-common';

/** Where to look for a new service's repository; the portal's defaults when absent. */
export interface RepositoryLocation {
  /** A host of `integrations.github`. */
  host?: string;
  /** One of `platform.github.organizations`. */
  owner?: string;
}

/** Whether a service name can be taken: its rules, its repository, its namespaces. */
export interface NameAvailabilityService {
  check(name: string, location?: RepositoryLocation): Promise<NameAvailability>;
}
