/** A service's namespace in one environment, as the platform backend found it. */
export interface ServiceEnvironment {
  /** The environment, e.g. `staging`; `preview-<suffix>` for a preview. */
  name: string;
  title: string;
  cluster: string;
  /** The service's namespace there, by the environment's naming rule. */
  namespace: string;
  /**
   * True when the cluster has the namespace: the service has the
   * environment already, and a request to add it is refused.
   */
  present: boolean;
  /**
   * The entity the namespace belongs to, from the portal's entity-ref
   * annotation; absent when it is not there or was not made by the portal.
   */
  ownedBy?: string;
  /** For a preview: its name, e.g. `pr-42`. */
  suffix?: string;
  /** For a preview: when it expires, RFC 3339. */
  expiresAt?: string;
  /** Why it could not be checked (cluster down, not allowed); `present` is then false. */
  error?: string;
}

/**
 * What `GET /api/platform/entities/{kind}/{namespace}/{name}/environments`
 * answers: where a service has its namespaces, read from the clusters as
 * the environment-request template's plan step reads them.
 */
export interface ServiceEnvironments {
  /** The service, as a full entity ref. */
  entityRef: string;
  /** One per environment of `platform.environments`, in promotion order. */
  environments: ServiceEnvironment[];
  /**
   * The service's previews that are not being deleted, by name; empty
   * without `platform.previews`.
   */
  previews: ServiceEnvironment[];
  /** Why the previews could not be listed; `previews` is then empty. */
  previewsError?: string;
}
