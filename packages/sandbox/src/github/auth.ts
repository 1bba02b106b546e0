import type { Request, RequestHandler } from 'express';
import { GitHubError } from './types';

/** A personal access token (classic) the sandbox accepts. */
export interface GitHubTokenOptions {
  token: string;
  login: string;
  /** Classic scopes such as `repo`, `admin:org`, `delete_repo`; every scope when absent. */
  scopes?: string[];
  /** Who issued it, as GitHub names it in refusals: a personal access token (classic, the default) or an OAuth App's token. */
  kind?: 'personal' | 'oauth';
  /**
   * A GitHub App installation's token (`ghs_…`): no OAuth scopes, and it
   * expires; `repositoryIds` when the installation has selected repositories.
   */
  installation?: { id: number; expiresAt: number; repositoryIds?: number[] };
}

/** Who sent a request; anonymous when `login` is absent. */
export interface Caller {
  login?: string;
  /** Granted scopes, expanded with the ones they imply; every scope when absent. */
  scopes?: ReadonlySet<string>;
  /** The GitHub App whose JWT authenticated the request (it acts as no user). */
  app?: number;
  /** The installation whose token authenticated the request. */
  installation?: number;
  /** The only repositories an installation on selected repositories sees. */
  repositoryIds?: ReadonlySet<number>;
  /** An OAuth App's token rather than a personal access token. */
  oauth?: boolean;
}

/** Scopes a classic token with the key also holds. */
const IMPLIED_SCOPES: Record<string, string[]> = {
  repo: [
    'public_repo',
    'repo:status',
    'repo_deployment',
    'repo:invite',
    'security_events',
  ],
  'admin:org': ['write:org', 'read:org'],
  'write:org': ['read:org'],
  user: ['read:user', 'user:email', 'user:follow'],
  'admin:repo_hook': ['write:repo_hook', 'read:repo_hook'],
  'write:repo_hook': ['read:repo_hook'],
};

/** What `X-OAuth-Scopes` lists for a token configured without scopes. */
const ALL_SCOPES = [
  'admin:org',
  'admin:repo_hook',
  'delete_repo',
  'repo',
  'user',
  'workflow',
];

function expand(scopes: string[]): Set<string> {
  const all = new Set<string>();
  const add = (scope: string) => {
    if (all.has(scope)) {
      return;
    }
    all.add(scope);
    (IMPLIED_SCOPES[scope] ?? []).forEach(add);
  };
  scopes.forEach(add);
  return all;
}

/** The token of an `Authorization` header: `token X`, `Bearer X` or Basic with the token as password. */
export function tokenFromHeader(
  header: string | undefined,
): string | undefined {
  if (!header) {
    return undefined;
  }
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  switch (scheme.toLowerCase()) {
    case 'token':
    case 'bearer':
      return value;
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const [user, password] =
        colon === -1
          ? [decoded, '']
          : [decoded.slice(0, colon), decoded.slice(colon + 1)];
      // `<token>:x-oauth-basic` is the other form GitHub accepts.
      return password && password !== 'x-oauth-basic' ? password : user;
    }
    default:
      return value || scheme;
  }
}

const callers = new WeakMap<Request, Caller>();

export function callerOf(req: Request): Caller {
  return callers.get(req) ?? {};
}

/** For authentication other than tokens (a GitHub App's JWT), before the token middleware. */
export function setCaller(req: Request, caller: Caller) {
  callers.set(req, caller);
}

/** Tokens by value, with the login and scopes each stands for. */
export class TokenRegistry {
  private readonly tokens = new Map<string, GitHubTokenOptions>();

  constructor(tokens: GitHubTokenOptions[] = []) {
    tokens.forEach(token => this.add(token));
  }

  add(token: GitHubTokenOptions) {
    this.tokens.set(token.token, token);
  }

  logins(): string[] {
    return [...new Set([...this.tokens.values()].map(t => t.login))];
  }

  /** undefined for an unknown token. */
  callerFor(token: string): Caller | undefined {
    const options = this.tokens.get(token);
    if (!options) {
      return undefined;
    }
    if (options.installation) {
      if (options.installation.expiresAt <= Date.now()) {
        this.tokens.delete(token);
        return undefined;
      }
      const { id, repositoryIds } = options.installation;
      return {
        login: options.login,
        installation: id,
        ...(repositoryIds && { repositoryIds: new Set(repositoryIds) }),
      };
    }
    return {
      login: options.login,
      scopes: options.scopes ? expand(options.scopes) : undefined,
      ...(options.kind === 'oauth' && { oauth: true }),
    };
  }

  /**
   * Identifies the caller and answers 401 for an unknown token, before any
   * route runs, as GitHub does even for public resources.
   */
  middleware(): RequestHandler {
    return (req, res, next) => {
      if (callers.has(req)) {
        next();
        return;
      }
      const token = tokenFromHeader(req.headers.authorization);
      if (token === undefined) {
        callers.set(req, {});
        next();
        return;
      }
      const caller = this.callerFor(token);
      if (!caller) {
        next(new GitHubError(401, 'Bad credentials'));
        return;
      }
      callers.set(req, caller);
      if (caller.installation === undefined) {
        const configured = this.tokens.get(token)?.scopes;
        res.set('x-oauth-scopes', (configured ?? ALL_SCOPES).join(', '));
      }
      next();
    };
  }
}

/** Whether the caller's credentials reach the repository: all but an installation's unselected ones. */
export function reaches(caller: Caller, repository: { id: number }): boolean {
  return !caller.repositoryIds || caller.repositoryIds.has(repository.id);
}

export function hasScope(caller: Caller, scope: string): boolean {
  return !caller.scopes || caller.scopes.has(scope);
}

/** The caller's login; 401 for anonymous requests. */
export function requireLogin(req: Request): string {
  const { login } = callerOf(req);
  if (!login) {
    throw new GitHubError(401, 'Requires authentication');
  }
  return login;
}

/**
 * 403 unless the token holds one of the accepted scopes; tells the client
 * which ones would do, in `X-Accepted-OAuth-Scopes`, as GitHub does.
 */
export function requireScope(req: Request, ...accepted: string[]) {
  const caller = callerOf(req);
  req.res?.set('x-accepted-oauth-scopes', accepted.join(', '));
  if (accepted.some(scope => hasScope(caller, scope))) {
    return;
  }
  throw new GitHubError(
    403,
    'Resource not accessible by personal access token',
    undefined,
    { 'x-accepted-oauth-scopes': accepted.join(', ') },
  );
}
