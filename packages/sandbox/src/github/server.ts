import express, { type RequestHandler } from 'express';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { FaultInjector } from '../faults';
import {
  createGitHttpRouter,
  GitRepositories,
  readGitToken,
  type GitPushEvent,
  type GitRepositoryStore,
} from '../git';
import { listenOnLoopback } from '../http/listen';
import { RequestLog } from '../http/requestLog';
import type { SandboxLogger } from '../logger';
import { idAliases } from './aliases';
import { appHolds, appPermissionsMiddleware } from './appPermissions';
import { AppRegistry, type GitHubAppOptions } from './apps';
import {
  hasScope,
  reaches,
  TokenRegistry,
  type GitHubTokenOptions,
} from './auth';
import type { GitHubContext } from './context';
import { errorBody, errorHandler, notFound, unknownRoute } from './errors';
import { atLeast, permissionOf } from './permissions';
import { RateLimiter } from './rateLimit';
import { graphqlRouter } from './graphql/router';
import { archivesRouters } from './routes/archives';
import { autolinksRouter } from './routes/autolinks';
import { branchesRouter } from './routes/branches';
import { collaboratorsRouter } from './routes/collaborators';
import { commitComparisonRouter } from './routes/commitComparison';
import { commitsRouter } from './routes/commits';
import { customPropertiesRouter } from './routes/customProperties';
import { contentsRouter } from './routes/contents';
import { deployKeysRouter } from './routes/deployKeys';
import { gitObjectsRouter } from './routes/gitObjects';
import { hooksRouter } from './routes/hooks';
import { issuesRouter } from './routes/issues';
import { labelsRouter } from './routes/labels';
import { organizationsRouter } from './routes/organizations';
import { pagesRouter } from './routes/pages';
import { pullsRouter } from './routes/pulls';
import { refsRouter } from './routes/refs';
import { repositoriesRouter } from './routes/repositories';
import { teamRepositoriesRouter } from './routes/teamRepositories';
import { teamsRouter } from './routes/teams';
import { topicsRouter } from './routes/topics';
import { usersRouter } from './routes/users';
import { webRouter } from './routes/web';
import { workflowsRouter } from './routes/workflows';
import { branchProtectionRouter } from './routes/branchProtection';
import { deploymentBranchPoliciesRouter } from './routes/deploymentBranchPolicies';
import { deploymentsRouter } from './routes/deployments';
import { environmentsRouter } from './routes/environments';
import { rulesetsRouter } from './routes/rulesets';
import { secretsRouter } from './routes/secrets';
import { variablesRouter } from './routes/variables';
import {
  actorOf,
  createDeployment,
  createDeploymentStatus,
} from './state/deployments';
import { GitHubStore } from './state/GitHubStore';
import type { DeploymentState } from './state/model';
import {
  seedOrganization,
  seedUser,
  type GitHubOrganizationOptions,
  type GitHubUserOptions,
} from './state/seed';
import { readStateFile } from './state/stateFile';
import { refreshAfterPush } from './pushes';
import { isGitHubWrite } from './isWriteRequest';
import { API_PREFIX } from './urls';

export interface GitHubServerOptions {
  /** 0 or absent picks a free port. */
  port?: number;
  /** State survives restarts under `<stateDir>/github`; a temporary folder, removed on stop, when absent. */
  stateDir?: string;
  tokens?: GitHubTokenOptions[];
  users?: GitHubUserOptions[];
  organizations?: GitHubOrganizationOptions[];
  /** GitHub Apps, their public keys and the organizations they are installed on. */
  apps?: GitHubAppOptions[];
  /** Requests an hour each user may make, 5000 (github.com's) by default. */
  rateLimitPerHour?: number;
  logger?: SandboxLogger;
}

export interface GitHubServer {
  /** Web root, e.g. `http://127.0.0.1:1234`; repositories live at `<url>/<owner>/<repo>`. */
  url: string;
  /** `<url>/api/v3`, for `integrations.github[].apiBaseUrl` and Octokit's `baseUrl`. */
  apiBaseUrl: string;
  /** `127.0.0.1:<port>`, for `integrations.github[].host`. */
  host: string;
  faults: FaultInjector;
  /** Every request to the API and to git smart HTTP, oldest first, for tests to count calls and writes. */
  requests: RequestLog;
  /** Users, organizations, teams and repository records, for tests in the same process to read. */
  store: GitHubStore;
  repositories: GitRepositoryStore;
  /** Every ref moved by a push or an API commit; returns an unsubscribe function. */
  onPush(listener: (event: GitPushEvent) => void): () => void;
  addToken(token: GitHubTokenOptions): void;
  addUser(user: GitHubUserOptions): void;
  addOrganization(organization: GitHubOrganizationOptions): void;
  /** The GitHub Apps' installation tokens handed out so far, oldest first. */
  installationTokens(): readonly string[];
  /** Deployments recorded in-process, as a deployer calling the API would record them. */
  deployments: GitHubDeployments;
  stop(): Promise<void>;
}

/** What an in-process deployer (the sandbox's GitOps sync) records on a repository. */
export interface GitHubDeployments {
  /** The repository's default branch; undefined when there is no such repository. */
  defaultBranch(owner: string, repo: string): string | undefined;
  /** Creates a deployment of `sha` and returns its id. */
  create(
    owner: string,
    repo: string,
    input: {
      creator: string;
      ref: string;
      sha: string;
      environment: string;
      description: string;
    },
  ): number;
  /** Adds a status to a deployment; earlier successful ones become inactive on success. */
  addStatus(
    owner: string,
    repo: string,
    deploymentId: number,
    input: {
      creator: string;
      state: DeploymentState;
      description: string;
    },
  ): void;
}

/** Headers GitHub Enterprise Server sends with every API response. */
const githubHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-enterprise-version': '3.17.0',
    'x-github-request-id': randomUUID(),
  });
  next();
};

/**
 * Starts a GitHub-compatible server mounted as GitHub Enterprise Server is:
 * the REST API under `/api/v3`, repository pages at `/<owner>/<repo>` and
 * git smart HTTP at `/<owner>/<repo>.git`.
 */
export async function startGitHubServer(
  options: GitHubServerOptions = {},
): Promise<GitHubServer> {
  const { logger } = options;
  const temporary = options.stateDir
    ? undefined
    : await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-github-'));
  const root = path.join(options.stateDir ?? temporary!, 'github');
  await fs.mkdir(path.join(root, 'repositories'), { recursive: true });

  const stateFile = path.join(root, 'state.json');
  const store = new GitHubStore(readStateFile(stateFile), stateFile);

  const tokens = new TokenRegistry(options.tokens);
  const seed = {
    addToken: (token: GitHubTokenOptions) => {
      tokens.add(token);
      store.ensureUser(token.login);
      store.save();
    },
    addUser: (user: GitHubUserOptions) => {
      seedUser(store, user);
      store.save();
    },
    addOrganization: (organization: GitHubOrganizationOptions) => {
      seedOrganization(store, organization);
      store.save();
    },
  };
  (options.users ?? []).forEach(user => seedUser(store, user));
  tokens.logins().forEach(login => store.ensureUser(login));
  (options.organizations ?? []).forEach(org => seedOrganization(store, org));
  store.save();
  const apps = new AppRegistry(options.apps ?? [], store, tokens);

  const git = new GitRepositories({
    rootDir: path.join(root, 'repositories'),
    logger,
  });
  const ctx: GitHubContext = { store, git, logger };
  // Kept so stop() can wait for them: they write into the state folder.
  const refreshing = new Set<Promise<void>>();
  const stopRefreshing = git.onPush(event => {
    const refresh = refreshAfterPush(ctx, event)
      .catch(error =>
        logger?.warn(
          `Could not record a push to ${event.owner}/${event.repo}`,
          { error: String(error) },
        ),
      )
      .finally(() => refreshing.delete(refresh));
    refreshing.add(refresh);
  });

  const existingRepository = (owner: string, repo: string) => {
    const repository = store.repository(owner, repo);
    if (!repository) {
      throw notFound();
    }
    return repository;
  };
  const deployments: GitHubDeployments = {
    defaultBranch: (owner, repo) =>
      store.repository(owner, repo)?.default_branch,
    create: (owner, repo, { creator, ...input }) => {
      const deployment = createDeployment(
        store,
        existingRepository(owner, repo),
        { ...input, creator: actorOf(store.ensureUser(creator)) },
      );
      store.save();
      return deployment.id;
    },
    addStatus: (owner, repo, deploymentId, { creator, ...input }) => {
      createDeploymentStatus(
        store,
        existingRepository(owner, repo),
        deploymentId,
        { ...input, creator: actorOf(store.ensureUser(creator)) },
      );
      store.save();
    },
  };

  const faults = new FaultInjector({ errorBody });
  const requests = new RequestLog({
    // Reads the API's token headers and git's Basic auth alike.
    userOf: req => {
      const token = readGitToken(req);
      return token ? tokens.callerFor(token)?.login : undefined;
    },
    isWrite: isGitHubWrite,
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(requests.middleware());
  app.use(faults.middleware());
  app.use('/_sandbox/faults', faults.adminRouter());
  app.use(
    createGitHttpRouter({
      repositories: git,
      logger,
      authenticate: req => {
        const token = readGitToken(req);
        return token ? tokens.callerFor(token)?.login : undefined;
      },
      authorize: (login, owner, name, access, req) => {
        const repo = store.repository(owner, name);
        if (!repo) {
          return false;
        }
        // An App's installation reads and pushes with its `contents` permission.
        // On selected repositories, only those (and public ones, to read).
        const token = readGitToken(req);
        const caller = token ? tokens.callerFor(token) : undefined;
        if (caller?.installation !== undefined) {
          const selected = reaches(caller, repo);
          if (
            !appHolds(
              apps.permissionsOf(caller.installation),
              access === 'read' ? 'contents=read' : 'contents=write',
            ) ||
            (!selected && (access === 'write' || repo.visibility !== 'public'))
          ) {
            return false;
          }
        }
        const permission = permissionOf(store, login, repo);
        return access === 'read'
          ? permission !== undefined
          : atLeast(permission, 'push') && !repo.archived;
      },
      // GitHub lets only credentials with the `workflow` scope (an App's
      // installation: the `workflows` permission, write) touch workflows.
      workflowRefusal: req => {
        const token = readGitToken(req);
        const caller = token ? tokens.callerFor(token) : undefined;
        if (!caller) {
          return undefined;
        }
        if (caller.installation !== undefined) {
          return apps.permissionsOf(caller.installation)?.workflows === 'write'
            ? undefined
            : { actor: 'a GitHub App', lacking: '`workflows` permission' };
        }
        if (hasScope(caller, 'workflow')) {
          return undefined;
        }
        return {
          actor: caller.oauth ? 'an OAuth App' : 'a Personal Access Token',
          lacking: '`workflow` scope',
        };
      },
    }),
  );

  const rateLimiter = new RateLimiter(options.rateLimitPerHour);
  const api = express.Router();
  api.use(githubHeaders);
  api.use(apps.middleware());
  api.use(tokens.middleware());
  api.use(rateLimiter.middleware());
  api.use(idAliases(store));
  api.use(appPermissionsMiddleware(id => apps.permissionsOf(id)));
  // GitHub reads every body as JSON, whatever its content type says.
  api.use(express.json({ limit: '100mb', type: () => true }));
  api.use(rateLimiter.router());
  api.get('/meta', (_req, res) => {
    res.json({
      verifiable_password_authentication: true,
      installed_version: '3.17.0',
    });
  });
  api.use(apps.router());
  api.use(usersRouter(ctx));
  api.use(organizationsRouter(ctx));
  api.use(teamsRouter(ctx));
  api.use(teamRepositoriesRouter(ctx));
  api.use(repositoriesRouter(ctx));
  api.use(topicsRouter(ctx));
  api.use(customPropertiesRouter(ctx));
  api.use(collaboratorsRouter(ctx));
  // Before the branch routes, which would take `/branches/:branch/protection` for a branch name.
  api.use(branchProtectionRouter(ctx));
  api.use(rulesetsRouter(ctx));
  api.use(deploymentBranchPoliciesRouter(ctx));
  api.use(variablesRouter(ctx));
  api.use(secretsRouter(ctx));
  api.use(environmentsRouter(ctx));
  api.use(deploymentsRouter(ctx));
  api.use(hooksRouter(ctx));
  api.use(deployKeysRouter(ctx));
  api.use(autolinksRouter(ctx));
  api.use(pagesRouter(ctx));
  api.use(issuesRouter(ctx));
  api.use(labelsRouter(ctx));
  api.use(pullsRouter(ctx));
  api.use(workflowsRouter(ctx));
  api.use(gitObjectsRouter(ctx));
  // Before the commit routes, which would take `/commits/:ref/status` for a ref.
  const archives = archivesRouters(ctx);
  api.use(archives.api);
  api.use(contentsRouter(ctx));
  api.use(commitsRouter(ctx));
  api.use(commitComparisonRouter(ctx));
  api.use(branchesRouter(ctx));
  api.use(refsRouter(ctx));
  api.use(unknownRoute());
  api.use(errorHandler(logger));
  // GitHub Enterprise Server answers GraphQL beside the REST API.
  app.use(
    '/api/graphql',
    githubHeaders,
    tokens.middleware(),
    express.json({ limit: '10mb', type: () => true }),
    graphqlRouter(ctx),
    errorHandler(logger),
  );
  app.use(API_PREFIX, api);
  app.use(archives.codeload);
  app.use(webRouter(ctx));
  app.use(unknownRoute());
  app.use(errorHandler(logger));

  const server = await listenOnLoopback(app, options.port ?? 0);
  const host = `127.0.0.1:${server.port}`;
  return {
    url: server.url,
    apiBaseUrl: `${server.url}${API_PREFIX}`,
    host,
    faults,
    requests,
    store,
    repositories: git,
    onPush: listener => git.onPush(listener),
    ...seed,
    installationTokens: () => [...apps.issuedTokens],
    deployments,
    stop: async () => {
      stopRefreshing();
      await server.close();
      await Promise.all(refreshing);
      if (temporary) {
        await fs.rm(temporary, { recursive: true, force: true });
      }
    },
  };
}
