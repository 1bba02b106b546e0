export interface Config {
  platform?: {
    /**
     * Where services run, in promotion order. The provisioning actions create a
     * namespace per environment; the template form, deployment status and the
     * sandbox's GitOps sync read the same list.
     */
    environments?: Array<{
      /** Environment name, e.g. `dev`, `staging`, `production`; a DNS-1123 label. */
      name: string;
      /** Shown in forms and on the service page; defaults to the name. */
      title?: string;
      /**
       * A cluster name from `kubernetes.clusterLocatorMethods`; startup fails
       * when no configured cluster has this name.
       */
      cluster: string;
      /**
       * How a service's namespace in this environment is named:
       * `{service}` and `{environment}` are replaced. Defaults to
       * `{service}-{environment}`. The result must be a DNS-1123 label of
       * at most 63 characters.
       */
      namespace?: string;
      /** Names of the tiers (from `platform.tiers`) a service may use here. */
      tiers: string[];
      /**
       * Whether changes to this environment need an approval (a GitHub
       * environment with required reviewers). Defaults to false.
       */
      approval?: boolean;
    }>;

    /**
     * Resource tiers a service picks from: the exact ResourceQuota and
     * LimitRange its namespace gets, and the resources of each container.
     */
    tiers?: Array<{
      /** Tier name, e.g. `small`; a DNS-1123 label. */
      name: string;
      /** Shown in forms, e.g. `Small`; defaults to the name. */
      title?: string;
      /** One sentence on what the tier is for. */
      description?: string;
      /**
       * The namespace's ResourceQuota (`spec.hard`). Every value is a
       * Kubernetes quantity such as `500m`, `2`, `1Gi`.
       */
      quota: {
        /** Sum of CPU requests of all pods (`requests.cpu`). */
        requests: {
          /** `requests.cpu`, e.g. `1`. */
          cpu: string;
          /** `requests.memory`, e.g. `1Gi`. */
          memory: string;
        };
        /** Sum of limits of all pods (`limits.cpu`, `limits.memory`). */
        limits: {
          /** `limits.cpu`, e.g. `2`. */
          cpu: string;
          /** `limits.memory`, e.g. `2Gi`. */
          memory: string;
        };
        /** Most pods in the namespace. */
        pods: number;
        /** Most services in the namespace. */
        services: number;
        /** Most persistent volume claims in the namespace. */
        persistentVolumeClaims: number;
        /** Total storage all claims may request (`requests.storage`), e.g. `10Gi`. */
        storage?: string;
      };
      /**
       * The namespace's LimitRange for containers: what a container gets
       * when it does not say, and the most it may ask for. The golden-path
       * skeletons set their containers' resources to `defaultRequest` and
       * `default`.
       */
      limits: {
        /** Requests of a container that sets none. */
        defaultRequest: {
          /** CPU request, e.g. `100m`. */
          cpu: string;
          /** Memory request, e.g. `128Mi`. */
          memory: string;
        };
        /** Limits of a container that sets none. */
        default: {
          /** CPU limit, e.g. `500m`. */
          cpu: string;
          /** Memory limit, e.g. `256Mi`. */
          memory: string;
        };
        /** The most one container may ask for; no maximum when absent. */
        max?: {
          /** Largest CPU limit of a container. */
          cpu: string;
          /** Largest memory limit of a container. */
          memory: string;
        };
      };
      /**
       * Accelerators, for inference services: added to the quota and the
       * container limits, and where the pods may be scheduled.
       */
      gpu?: {
        /** The extended resource name; defaults to `nvidia.com/gpu`. */
        resource?: string;
        /** GPUs per container (its limit). */
        perContainer: number;
        /** GPUs in the whole namespace (`requests.<resource>` of the quota). */
        quota: number;
        /**
         * Node labels the pods must match. A list, since label keys such as
         * `nvidia.com/gpu.present` cannot be config keys.
         */
        nodeSelector?: Array<{
          /** The label key, e.g. `nvidia.com/gpu.present`. */
          key: string;
          /** The value the node's label must have, e.g. `true`. */
          value: string;
        }>;
        /** Taints of GPU nodes the pods tolerate. */
        tolerations?: Array<{
          /** The taint key, e.g. `nvidia.com/gpu`. */
          key: string;
          /** `Exists` or `Equal`; defaults to `Exists`. */
          operator?: string;
          /** The taint value, with `Equal`. */
          value?: string;
          /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`; all effects when absent. */
          effect?: string;
        }>;
      };
      /**
       * Pod Security Admission level enforced in the namespace:
       * `restricted` (default), `baseline` or `privileged`.
       */
      podSecurity?: string;
    }>;

    /**
     * Ephemeral preview environments, added to an existing service by the
     * environment-request template: a namespace `<service>-preview-<suffix>`
     * on one cluster, annotated with when it expires, and deleted by the
     * preview reaper after that. No previews can be requested when absent.
     */
    previews?: {
      /**
       * A cluster name from `kubernetes.clusterLocatorMethods`; startup fails
       * when no configured cluster has this name.
       */
      cluster: string;
      /** The tier (from `platform.tiers`) every preview namespace gets. */
      tier: string;
      /** The longest time-to-live a request may ask for, in hours; at least 1. */
      maxTtlHours: number;
      /**
       * The time-to-live when a request names none, in hours; at most
       * `maxTtlHours`. Defaults to 24, or `maxTtlHours` when that is less.
       */
      defaultTtlHours?: number;
      /**
       * How often the preview reaper looks for expired preview namespaces,
       * in minutes. Defaults to 5.
       */
      reapIntervalMinutes?: number;
    };

    /**
     * Caps per owning team, over all of its namespaces in all environments.
     * A request that would cross one is refused before anything is created.
     */
    teamLimits?: {
      /** The caps of a team with no entry of its own. */
      default: {
        /** Most namespaces the team may own. */
        namespaces: number;
        /** Most CPU all its namespaces' quotas may request together, e.g. `40`. */
        cpu?: string;
        /** Most memory all its namespaces' quotas may request together, e.g. `80Gi`. */
        memory?: string;
      };
      /** Teams with caps of their own. */
      teams?: Array<{
        /** The group's entity ref, e.g. `group:default/data-team`. */
        group: string;
        /** Most namespaces the team may own. */
        namespaces: number;
        /** Most CPU all its namespaces' quotas may request together. */
        cpu?: string;
        /** Most memory all its namespaces' quotas may request together. */
        memory?: string;
      }>;
    };
  };
}
