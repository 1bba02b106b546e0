export interface Config {
  /**
   * Local GitHub- and Kubernetes-compatible servers for development and tests.
   * When present, `sandbox` (the CLI that `yarn start` runs) serves every
   * `integrations.github` host and every configured Kubernetes cluster whose
   * URL is on this machine. Never set in production.
   */
  sandbox?: {
    /**
     * Folder, relative to the config file, where repositories, settings and
     * cluster objects are kept across restarts. Temporary when absent.
     */
    stateDir?: string;
    github?: {
      /** Requests an hour each user may make; 5000, as on github.com, by default. */
      rateLimitPerHour?: number;
      /** Organisations created at start; the integration token's user owns each. */
      organizations?: Array<{
        /** GitHub login of the organisation, e.g. `acme`. */
        login: string;
        /** Logins of further members; team members are members too. */
        members?: string[];
        teams?: Array<{
          /** Team slug, e.g. `payments-team`. */
          slug: string;
          /** Logins of the team's members. */
          members?: string[];
        }>;
      }>;
    };
    /**
     * The machines of the sandbox clusters. A served cluster left out here
     * has one general node, `sandbox-node-1` (172.18.0.2, 16 CPUs, 64Gi of
     * memory, 110 pods). Each node listed is registered as a Node at every
     * start (its labels, taints and capacity applied again), and the
     * cluster's scheduler binds pods only to nodes that fit them.
     */
    clusters?: Array<{
      /** A cluster of `kubernetes.clusterLocatorMethods` that the sandbox serves. */
      name: string;
      /** Its nodes; an empty list leaves every pod Pending. */
      nodes: Array<{
        /** The Node's name and its `kubernetes.io/hostname` label. */
        name: string;
        /**
         * Its InternalIP, which pods on it report as `status.hostIP`;
         * `172.18.0.<2 + position in the list>` by default.
         */
        address?: string;
        /**
         * Labels besides the kubelet's own (`kubernetes.io/hostname`,
         * `kubernetes.io/os`, `kubernetes.io/arch`). A list, since label keys
         * such as `nvidia.com/gpu.present` cannot be config keys.
         */
        labels?: Array<{
          /** The label key, e.g. `nvidia.com/gpu.present`. */
          key: string;
          /** The label value, e.g. `true`. */
          value: string;
        }>;
        /** Taints the node registers with, e.g. to keep all but GPU workloads off it. */
        taints?: Array<{
          /** The taint key, e.g. `nvidia.com/gpu`. */
          key: string;
          /** The taint value; empty when absent. */
          value?: string;
          /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`. */
          effect: string;
        }>;
        /** The node's capacity, also its allocatable; each defaults to the general node's. */
        capacity?: {
          /** CPUs, e.g. `48` or `7500m`. */
          cpu?: string | number;
          /** Memory, e.g. `192Gi`. */
          memory?: string | number;
          /** How many pods it runs at most. */
          pods?: string | number;
          /** Local storage for emptyDir volumes and logs, e.g. `100Gi`. */
          'ephemeral-storage'?: string | number;
        };
        /** Extended resources the node advertises, such as GPUs. */
        extendedResources?: Array<{
          /** The resource name, e.g. `nvidia.com/gpu`. */
          name: string;
          /** How many, e.g. `4`. */
          quantity: string | number;
        }>;
      }>;
    }>;
    /**
     * Example services put in place at the first start, as if the golden path
     * had created and deployed them, so their service pages show real status.
     */
    seed?: {
      services?: Array<{
        /** The service: its `backstage.io/kubernetes-id` and namespace prefix. */
        name: string;
        /** `owner/repo` of its repository, made with one commit per release. */
        repository: string;
        /** The owning group's name, e.g. `payments-team`. */
        team: string;
        /** The system's name, for `app.kubernetes.io/part-of`. */
        system?: string;
        /** Versions, oldest first; each becomes a commit. */
        releases: string[];
        /** Releases whose image was never pushed: their pods fail to pull. */
        unpublished?: string[];
        /** Replicas in every environment; 1 by default. */
        replicas?: number;
        /** Environment name to the release running there. */
        environments: { [environment: string]: string };
      }>;
    };
  };
}
