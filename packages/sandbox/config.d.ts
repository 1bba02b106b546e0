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
