export interface Config {
  platform?: {
    /**
     * Where services run, in promotion order. The provisioning actions create a
     * namespace per environment; deployment status and the sandbox's GitOps sync
     * read the same list.
     */
    environments?: Array<{
      /** Environment name, e.g. `dev`, `staging`, `production`; a DNS-1123 label. */
      name: string;
      /** A cluster name from `kubernetes.clusterLocatorMethods`. */
      cluster: string;
    }>;
  };
}
