import type { Violation } from '../validation/violations';

/** Whether a new service's repository is still free. */
export interface RepositoryAvailability {
  /** The GitHub host, e.g. `github.com`. */
  host: string;
  owner: string;
  repo: string;
  /** True only when GitHub answered that there is no such repository. */
  free: boolean;
  /** Why it could not be checked (GitHub down, no integration); `free` is then false. */
  error?: string;
}

/** Whether a new service's namespace in one environment is still free. */
export interface NamespaceAvailability {
  environment: string;
  cluster: string;
  namespace: string;
  /** True only when the cluster answered that there is no such namespace. */
  free: boolean;
  /**
   * The entity the existing namespace belongs to, from the portal's
   * entity-ref annotation, e.g. `component:default/invoice-service`; absent
   * when it is free or was not made by the portal.
   */
  ownedBy?: string;
  /** Why it could not be checked (cluster down, not allowed); `free` is then false. */
  error?: string;
}

/**
 * What `GET /api/platform/names/{name}/availability` answers: the naming
 * rules a service name breaks, and whether its repository and its namespace
 * in every environment are free. Nothing is checked remotely for a name that
 * breaks a rule.
 */
export interface NameAvailability {
  name: string;
  /** No violations. */
  valid: boolean;
  /** Every naming rule the name breaks (`validateServiceName`). */
  violations: Violation[];
  repository: RepositoryAvailability;
  /** One per environment, in promotion order. */
  namespaces: NamespaceAvailability[];
}

/** Whether a name can be taken: valid, and its repository and every namespace free. */
export function isNameAvailable(availability: NameAvailability): boolean {
  return (
    availability.valid &&
    availability.repository.free &&
    availability.namespaces.every(namespace => namespace.free)
  );
}
