import express, { type Request, type Response, type Router } from 'express';
import type { SandboxLogger } from '../../logger';
import type { GitRepositories } from '../GitRepositories';
import { isValidOwnerName, isValidRepoName } from '../names';
import { runHttpBackend } from './runHttpBackend';
import {
  workflowGuardEnvironment,
  type WorkflowRefusal,
} from './workflowGuard';

/** What a git request needs: clone and fetch read, push writes. */
export type GitAccess = 'read' | 'write';

export interface GitHttpRouterOptions {
  repositories: GitRepositories;
  /**
   * The login behind the request's credentials (see `readGitToken`);
   * undefined when there are none or they are not valid.
   */
  authenticate(req: Request): Promise<string | undefined> | string | undefined;
  /**
   * Whether `login` (undefined: anonymous) may read or write the
   * repository; `req` tells what the credentials themselves allow.
   */
  authorize(
    login: string | undefined,
    owner: string,
    repo: string,
    access: GitAccess,
    req: Request,
  ): Promise<boolean> | boolean;
  logger?: SandboxLogger;
  /**
   * For a push: undefined when the credentials may change workflows, else
   * how GitHub names them and what they lack in its refusal (`a Personal
   * Access Token` without the `workflow` scope, `a GitHub App` without the
   * `workflows` permission); refs whose new commits touch
   * `.github/workflows/` are then refused.
   */
  workflowRefusal?(req: Request): WorkflowRefusal | undefined;
  /** Largest request body http-backend buffers, in git's units (default `100m`). */
  maxRequestBuffer?: string;
}

/**
 * The paths `git http-backend` serves, smart and dumb; `.git` is optional
 * as on GitHub.
 */
const GIT_PATH =
  /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/[^?]+)$/;

function requiredAccess(req: Request, rest: string): GitAccess {
  return rest === 'git-receive-pack' ||
    (rest === 'info/refs' && req.query.service === 'git-receive-pack')
    ? 'write'
    : 'read';
}

function deny(res: Response, status: number, message: string) {
  if (status === 401) {
    // Makes git ask its credential helpers (or the user) and retry.
    res.set('WWW-Authenticate', 'Basic realm="GitHub"');
  }
  res.status(status).type('text/plain').send(`${message}\n`);
}

/**
 * Git smart HTTP for the repositories, through `git http-backend`:
 * `/:owner/:repo.git/info/refs`, `/git-upload-pack`, `/git-receive-pack`.
 * Authorisation happens here, before git sees the request; pushes are
 * reported through the repositories' `onPush`.
 */
export function createGitHttpRouter(options: GitHttpRouterOptions): Router {
  const { repositories, logger } = options;
  const router = express.Router();

  router.all(GIT_PATH, async (req, res, next) => {
    try {
      const [, owner, repo, rest] = GIT_PATH.exec(req.path)!;
      const login = (await options.authenticate(req)) || undefined;
      if (
        !isValidOwnerName(owner) ||
        !isValidRepoName(repo) ||
        !(await repositories.exists(owner, repo))
      ) {
        deny(res, 404, 'Repository not found.');
        return;
      }
      const access = requiredAccess(req, rest);
      if (!(await options.authorize(login, owner, repo, access, req))) {
        if (login) {
          deny(
            res,
            403,
            `Permission to ${owner}/${repo}.git denied to ${login}.`,
          );
        } else {
          deny(res, 401, 'Authentication required.');
        }
        return;
      }

      const gitDir = repositories.path(owner, repo);
      const queryAt = req.originalUrl.indexOf('?');
      const header = (name: string) => req.get(name) ?? undefined;
      const env = await repositories.environment({
        GIT_PROJECT_ROOT: repositories.rootDir,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_HTTP_MAX_REQUEST_BUFFER: options.maxRequestBuffer ?? '100m',
        PATH_INFO: `${gitDir.slice(repositories.rootDir.length)}/${rest}`,
        REQUEST_METHOD: req.method,
        QUERY_STRING: queryAt < 0 ? '' : req.originalUrl.slice(queryAt + 1),
        CONTENT_TYPE: header('content-type') ?? '',
        CONTENT_LENGTH: header('content-length'),
        HTTP_CONTENT_ENCODING: header('content-encoding'),
        // Protocol v2, which git clients ask for with this header.
        HTTP_GIT_PROTOCOL: header('git-protocol'),
        GIT_PROTOCOL: header('git-protocol'),
        REMOTE_USER: login,
        REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      });
      if (rest === 'git-receive-pack' && req.method === 'POST') {
        const refusal = options.workflowRefusal?.(req);
        if (refusal) {
          Object.assign(
            env,
            await workflowGuardEnvironment(repositories.rootDir, refusal),
          );
        }
        // Listeners hear of the push before git's client does.
        await repositories.trackRefChanges(owner, repo, settle =>
          runHttpBackend({ req, res, env, logger, beforeEnd: settle }),
        );
      } else {
        await runHttpBackend({ req, res, env, logger });
      }
    } catch (error) {
      next(error);
    }
  });

  return router;
}
