import express, {
  type Request,
  type RequestHandler,
  type Router,
} from 'express';
import {
  createPublicKey,
  randomBytes,
  verify,
  type KeyObject,
} from 'node:crypto';
import {
  callerOf,
  reaches,
  setCaller,
  tokenFromHeader,
  type TokenRegistry,
} from './auth';
import { errorBody, handle, notFound } from './errors';
import { idParam } from './input';
import { nodeId } from './nodeIds';
import { paginate } from './pagination';
import { simpleUser } from './render/accounts';
import { repositoryJson } from './render/repository';
import type { StoredRepository } from './state/model';
import type { GitHubStore } from './state/GitHubStore';
import { GitHubError } from './types';
import { urlsOf } from './urls';
import type { FaultRule } from '../faults';

/**
 * A FaultInjector rule that answers as GitHub refuses a call to an App's
 * installation that lacks a permission, for routes outside
 * `APP_PERMISSION_RULES` (those are enforced): 403 `Resource not accessible by
 * integration`, with the permissions that would do in
 * `x-accepted-github-permissions`, e.g. `administration=write`. `path` is
 * the full request path (a trailing `*` matches a prefix).
 */
export function missingAppPermissionFault(options: {
  path: string | RegExp;
  method?: string;
  times?: number;
  accepted: string;
}): FaultRule {
  return {
    path: options.path,
    method: options.method,
    times: options.times,
    status: 403,
    headers: { 'x-accepted-github-permissions': options.accepted },
    body: errorBody(403, 'Resource not accessible by integration'),
  };
}

/** A GitHub App the sandbox knows, installed on some of its organizations. */
export interface GitHubAppOptions {
  /** The App's id, the `iss` of its JWTs. */
  id: number;
  /** Its slug; installation tokens act as the user `<slug>[bot]`. */
  slug: string;
  name?: string;
  /** The organization that owns the App. */
  owner: string;
  /** The public half of the App's private key (PEM), to verify its JWTs. */
  publicKey: string;
  /** The organizations it is installed on, and the permissions it was granted there. */
  installations: Array<{
    account: string;
    /**
     * e.g. `{ administration: 'write', contents: 'write' }` ({@link
     * DEFAULT_PERMISSIONS} when absent). Enforced on the REST routes of
     * `APP_PERMISSION_RULES` and on git pushes: `contents: 'write'` to push,
     * and `workflows: 'write'` for pushes touching `.github/workflows/`.
     */
    permissions?: Record<string, 'read' | 'write' | 'admin'>;
    /**
     * Installed on these repositories of the account only (names;
     * `repository_selection: "selected"`); on every one when absent. Its
     * tokens see the ones that exist when they are made, and public ones
     * to read; they may not create repositories.
     */
    repositories?: string[];
  }>;
}

interface Installation {
  id: number;
  app: AppRecord;
  account: string;
  permissions: Record<string, string>;
  repositories?: string[];
  created_at: string;
}

interface AppRecord {
  options: GitHubAppOptions;
  key: KeyObject;
  created_at: string;
}

/** What an installation is granted when its options name no permissions. */
export const DEFAULT_PERMISSIONS: Readonly<Record<string, string>> = {
  actions_variables: 'write',
  administration: 'write',
  contents: 'write',
  deployments: 'write',
  environments: 'write',
  members: 'read',
  metadata: 'read',
  repository_custom_properties: 'write',
  statuses: 'write',
  workflows: 'write',
};

/** How long an installation token lives, as on GitHub. */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
/** GitHub refuses JWTs that expire more than ten minutes after they were issued. */
const MAX_JWT_LIFETIME_S = 10 * 60;
/** Clock drift GitHub tolerates on `iat`. */
const DRIFT_S = 60;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function unauthorized(message: string) {
  return new GitHubError(401, message);
}

function decodePart(part: string): Record<string, unknown> {
  const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (!value || typeof value !== 'object') {
    throw new Error('not an object');
  }
  return value;
}

/**
 * GitHub Apps: JWTs (RS256, verified against each App's public key) for the
 * `/app` routes, and installation access tokens that the REST API and git
 * then accept as the App's bot user. The bot is an owner of each
 * organization the App is installed on, so it may do there what the App's
 * permissions let it: `APP_PERMISSION_RULES` checks them on the REST API,
 * the git routes `contents` and `workflows`.
 */
export class AppRegistry {
  private readonly apps: AppRecord[];
  private readonly installations: Installation[] = [];
  /** Installation tokens handed out, oldest first, for tests in the same process. */
  readonly issuedTokens: string[] = [];

  constructor(
    apps: GitHubAppOptions[],
    private readonly store: GitHubStore,
    private readonly tokens: TokenRegistry,
  ) {
    const now = new Date().toISOString();
    this.apps = apps.map(options => ({
      options,
      key: createPublicKey(options.publicKey),
      created_at: now,
    }));
    let nextId = 1;
    for (const app of this.apps) {
      if (!store.organization(app.options.owner)) {
        throw new Error(
          `GitHub App ${app.options.slug}: its owner '${app.options.owner}' is not an organization of the sandbox`,
        );
      }
      for (const installation of app.options.installations) {
        if (!store.organization(installation.account)) {
          throw new Error(
            `GitHub App ${app.options.slug}: '${installation.account}' is not an organization of the sandbox`,
          );
        }
        this.installations.push({
          // Stable across restarts: the App's id and its place in the list.
          id: app.options.id * 1000 + nextId++,
          app,
          account: installation.account,
          permissions: installation.permissions ?? DEFAULT_PERMISSIONS,
          repositories: installation.repositories,
          created_at: now,
        });
      }
    }
  }

  /** The existing repositories an installation was given; undefined when it has all. */
  private selectedRepositories(installation: Installation) {
    return installation.repositories
      ?.map(name => this.store.repository(installation.account, name))
      .filter((r): r is StoredRepository => r !== undefined);
  }

  /** The permissions an installation was granted; undefined for an unknown one. */
  permissionsOf(installationId: number): Record<string, string> | undefined {
    return this.installations.find(i => i.id === installationId)?.permissions;
  }

  /** The App a JWT is signed by; 401 with GitHub's messages otherwise. */
  private verifyJwt(jwt: string): AppRecord {
    const [header, payload, signature] = jwt.split('.');
    let claims: Record<string, unknown>;
    try {
      if (decodePart(header).alg !== 'RS256') {
        throw new Error('not RS256');
      }
      claims = decodePart(payload);
    } catch {
      throw unauthorized('A JSON web token could not be decoded');
    }
    const app = this.apps.find(
      a => String(a.options.id) === String(claims.iss),
    );
    if (!app) {
      throw unauthorized(
        "'Issuer' claim ('iss') must be an Integer representing the App's id",
      );
    }
    const signed = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      app.key,
      Buffer.from(signature, 'base64url'),
    );
    if (!signed) {
      throw unauthorized('A JSON web token could not be decoded');
    }
    const now = Math.floor(Date.now() / 1000);
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || iat > now + DRIFT_S) {
      throw unauthorized(
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.",
      );
    }
    if (typeof exp !== 'number' || exp <= now) {
      throw unauthorized(
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.",
      );
    }
    if (exp - iat > MAX_JWT_LIFETIME_S + DRIFT_S) {
      throw unauthorized(
        "'Expiration time' claim ('exp') is too far in the future.",
      );
    }
    return app;
  }

  /**
   * Recognises a JWT in `Authorization` (an App acting as itself); mount
   * before the token middleware. Other credentials pass through.
   */
  middleware(): RequestHandler {
    return (req, _res, next) => {
      const token = tokenFromHeader(req.headers.authorization);
      if (!token || !JWT.test(token) || this.apps.length === 0) {
        next();
        return;
      }
      try {
        setCaller(req, { app: this.verifyJwt(token).options.id });
        next();
      } catch (error) {
        next(error);
      }
    };
  }

  private appOf(req: Request): AppRecord {
    const { app } = callerOf(req);
    const record = this.apps.find(a => a.options.id === app);
    if (!record) {
      throw unauthorized('A JSON web token could not be decoded');
    }
    return record;
  }

  private appJson(req: Request, app: AppRecord) {
    const urls = urlsOf(req);
    const owner = this.store.account(app.options.owner)!;
    return {
      id: app.options.id,
      slug: app.options.slug,
      node_id: nodeId('Integration', app.options.id),
      client_id: `Iv1.${app.options.slug}`,
      owner: simpleUser(urls, owner),
      name: app.options.name ?? app.options.slug,
      description: null,
      external_url: urls.web,
      html_url: `${urls.web}/apps/${app.options.slug}`,
      created_at: app.created_at,
      updated_at: app.created_at,
      permissions: {},
      events: [],
      installations_count: this.installationsOf(app).length,
    };
  }

  private installationsOf(app: AppRecord) {
    return this.installations.filter(i => i.app === app);
  }

  private installationJson(req: Request, installation: Installation) {
    const urls = urlsOf(req);
    const account = this.store.account(installation.account)!;
    return {
      id: installation.id,
      account: simpleUser(urls, account),
      repository_selection: installation.repositories ? 'selected' : 'all',
      access_tokens_url: `${urls.api}/app/installations/${installation.id}/access_tokens`,
      repositories_url: `${urls.api}/installation/repositories`,
      html_url: `${urls.web}/organizations/${account.record.login}/settings/installations/${installation.id}`,
      app_id: installation.app.options.id,
      app_slug: installation.app.options.slug,
      target_id: account.record.id,
      target_type: account.type,
      permissions: installation.permissions,
      events: [],
      created_at: installation.created_at,
      updated_at: installation.created_at,
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      suspended_by: null,
      suspended_at: null,
    };
  }

  /** Makes an installation token, usable by the REST API and git for an hour. */
  private issueToken(req: Request, installation: Installation) {
    const login = `${installation.app.options.slug}[bot]`;
    this.store.ensureUser(login);
    const org = this.store.organization(installation.account)!;
    org.members[login.toLowerCase()] = 'admin';
    this.store.save();
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    const expiresAt = Date.now() + TOKEN_LIFETIME_MS;
    const selected = this.selectedRepositories(installation);
    this.tokens.add({
      token,
      login,
      installation: {
        id: installation.id,
        expiresAt,
        ...(selected && { repositoryIds: selected.map(r => r.id) }),
      },
    });
    this.issuedTokens.push(token);
    return {
      token,
      expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: installation.permissions,
      repository_selection: selected ? 'selected' : 'all',
      ...(selected && {
        repositories: selected.map(r =>
          repositoryJson(urlsOf(req), this.store, r, 'admin'),
        ),
      }),
    };
  }

  /** `/app`, `/app/installations`, `/app/installations/:id` and its `access_tokens`, `/orgs/:org/installation`. */
  router(): Router {
    const router = express.Router();
    router.get(
      '/app',
      handle((req, res) => {
        res.json(this.appJson(req, this.appOf(req)));
      }),
    );
    router.get(
      '/app/installations',
      handle((req, res) => {
        const app = this.appOf(req);
        res.json(
          this.installationsOf(app).map(i => this.installationJson(req, i)),
        );
      }),
    );
    router.get(
      '/app/installations/:installation_id',
      handle((req, res) => {
        const app = this.appOf(req);
        const id = idParam(req, 'installation_id');
        const installation = this.installationsOf(app).find(i => i.id === id);
        if (!installation) {
          throw notFound();
        }
        res.json(this.installationJson(req, installation));
      }),
    );
    router.get(
      '/installation/repositories',
      handle((req, res) => {
        const caller = callerOf(req);
        const installation = this.installations.find(
          i => i.id === caller.installation,
        );
        if (!installation) {
          throw new GitHubError(
            403,
            'You must authenticate with an installation access token in order to list repositories for an installation.',
          );
        }
        const repositories = this.store
          .repositoriesOwnedBy(installation.account)
          .filter(r => reaches(caller, r))
          .sort((a, b) => a.id - b.id);
        const page = paginate(req, res, repositories);
        res.json({
          total_count: page.total,
          repository_selection: installation.repositories ? 'selected' : 'all',
          repositories: page.items.map(r =>
            repositoryJson(urlsOf(req), this.store, r, 'admin'),
          ),
        });
      }),
    );
    router.get(
      '/orgs/:org/installation',
      handle((req, res) => {
        const app = this.appOf(req);
        const org = req.params.org.toLowerCase();
        const installation = this.installationsOf(app).find(
          i => i.account.toLowerCase() === org,
        );
        if (!installation) {
          throw notFound();
        }
        res.json(this.installationJson(req, installation));
      }),
    );
    router.post(
      '/app/installations/:installation_id/access_tokens',
      handle((req, res) => {
        const app = this.appOf(req);
        const id = idParam(req, 'installation_id');
        const installation = this.installationsOf(app).find(i => i.id === id);
        if (!installation) {
          throw notFound();
        }
        res.status(201).json(this.issueToken(req, installation));
      }),
    );
    return router;
  }
}
