export interface Config {
  platform?: {
    /** What the `platform:github:*` actions need to know about the organisation's GitHub. */
    github?: {
      /**
       * The GitHub organisations (logins) the actions may create, adopt and
       * clean up repositories in. A repoUrl naming another owner is refused
       * before any call. Required for the actions to do anything.
       */
      organizations?: string[];
      /**
       * The organisation's repository standard, applied to every repository
       * `platform:github:repo:ensure` creates or adopts, and put back when a
       * setting drifted.
       */
      repositoryStandard?: {
        /**
         * Visibility of a new repository when the template does not choose
         * one: `private`, `internal` or `public`. Defaults to `private`.
         */
        visibility?: 'private' | 'internal' | 'public';
        /** The default branch, pushed first and protected by the ruleset. Defaults to `main`. */
        defaultBranch?: string;
        /** Topics every repository carries, besides the portal's marker. None by default. */
        topics?: string[];
        /**
         * Prefix of the marker topic, a visible second marker the portal adds
         * to its repositories, followed by the entity ref as
         * `<kind>-<namespace>-<name>` (e.g.
         * `portal-component-default-invoice-service`). Repositories created
         * before `markerProperty` was used carry only this topic and are
         * still recognised. Defaults to `portal-`.
         */
        markerTopicPrefix?: string;
        /**
         * The organisation custom property (a text property) that holds the
         * entity ref of the entity the portal created a repository for. It
         * is set in the same call that creates the repository, so no
         * repository of the portal is ever without it; adoption and clean-up
         * check it (or, for repositories made before it was used, the marker
         * topic). The actions define it in the organisation when it is
         * missing, which needs owner rights (`admin:org`, or a GitHub App's
         * "Custom properties" organisation permission). Defaults to
         * `portal-entity-ref`.
         */
        markerProperty?: string;
        /** The owning group's team and the access it gets. */
        ownerTeam?: {
          /**
           * The team slug of a catalog group, with `{name}` (and `{namespace}`)
           * of the group's entity ref replaced. Defaults to `{name}`.
           */
          slug?: string;
          /** `pull`, `triage`, `push`, `maintain` or `admin`. Defaults to `maintain`. */
          permission?: 'pull' | 'triage' | 'push' | 'maintain' | 'admin';
        };
        /** Further teams given access to every repository, e.g. the platform team as `admin`. */
        teams?: Array<{
          /** The team's slug in the organisation. */
          slug: string;
          /** `pull`, `triage`, `push`, `maintain` or `admin`. */
          permission: 'pull' | 'triage' | 'push' | 'maintain' | 'admin';
        }>;
        /** How pull requests may be merged. */
        merge?: {
          /** Allow squash merging. Defaults to true. */
          allowSquash?: boolean;
          /** Allow merge commits. Defaults to false. */
          allowMergeCommit?: boolean;
          /** Allow rebase merging. Defaults to false. */
          allowRebase?: boolean;
          /** Delete the head branch once a pull request is merged. Defaults to true. */
          deleteBranchOnMerge?: boolean;
        };
        /** The ruleset the default branch gets. */
        ruleset?: {
          /** The ruleset's name, how the actions find it again. Defaults to `default-branch`. */
          name?: string;
          /** Approving reviews a pull request needs. Defaults to 1. */
          requiredApprovals?: number;
          /** Dismiss approvals when new commits are pushed. Defaults to true. */
          dismissStaleReviews?: boolean;
          /**
           * The CI workflow in the rendered repository whose jobs become the
           * required status checks (each job's `name`, else its id): those
           * every pull request runs, so not jobs with an `if:`, jobs needing
           * them, or matrix jobs. Defaults to `.github/workflows/ci.yaml`.
           */
          statusChecksWorkflow?: string;
          /** Required status checks given by name; replaces the workflow's jobs when set. */
          requiredStatusChecks?: string[];
          /** Refuse force pushes to the default branch. Defaults to true. */
          blockForcePushes?: boolean;
          /** Refuse deleting the default branch. Defaults to true. */
          blockDeletion?: boolean;
        };
        /** One GitHub environment per deployment environment of `platform.environments`. */
        environments?: {
          /**
           * Team slugs whose approval deployments to an environment with
           * `approval: true` need; such environments also accept deployments
           * from protected branches only. Defaults to the owning group's team.
           */
          reviewers?: string[];
          /** Names of the Actions variables set in each environment. */
          variables?: {
            /** The environment's cluster. Defaults to `KUBE_CLUSTER`. */
            cluster?: string;
            /** The service's namespace in the environment. Defaults to `KUBE_NAMESPACE`. */
            namespace?: string;
          };
        };
        /**
         * What `platform:github:repo:delete` does with a repository the portal
         * created: `archive` (default, reversible) or `delete`.
         */
        cleanup?: 'archive' | 'delete';
      };
    };
  };
}
