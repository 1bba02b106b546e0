export interface Config {
  platform?: {
    /**
     * What `platform:kubernetes:namespace:ensure` puts in every namespace it
     * provisions, besides the tier's quota and limits.
     */
    kubernetes?: {
      /**
       * The Kubernetes RBAC group of a catalog group, with `{name}` and
       * `{namespace}` of its entity ref replaced; the group your identity
       * provider puts in users' tokens. Defaults to `{name}`.
       */
      groupSubject?: string;
      /**
       * Groups (entity refs) given the `view` role in every service namespace,
       * e.g. an SRE team. None by default.
       */
      viewGroups?: string[];
      /** The namespace of the ingress controller, let in by the network policy. Defaults to `ingress-nginx`. */
      ingressNamespace?: string;
      /** The namespace of Prometheus, let in by the network policy to scrape. Defaults to `monitoring`. */
      monitoringNamespace?: string;
      /**
       * The service account CI deploys with, given `edit` in its namespace.
       * Defaults to `ci-deployer`.
       */
      ciServiceAccount?: string;
    };
  };
}
