import express, { type Request, type Router } from 'express';
import { callerOf, requireLogin, requireScope } from '../auth';
import { organizationOf, roleIn, type GitHubContext } from '../context';
import { handle, invalidField, notFound } from '../errors';
import { bodyOf, optionalString, queryString } from '../input';
import { sendPage } from '../pagination';
import {
  organizationFull,
  organizationSimple,
  simpleUser,
  userAccount,
} from '../render/accounts';
import type { OrganizationRecord, OrganizationRole } from '../state/model';
import { loginKey } from '../state/GitHubStore';
import { GitHubError } from '../types';
import { urlsOf } from '../urls';

/** Organizations and their memberships. */
export function organizationsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  const membershipJson = (
    req: Request,
    org: OrganizationRecord,
    login: string,
  ) => {
    const urls = urlsOf(req);
    const user = store.user(login)!;
    const role = org.members[loginKey(login)];
    return {
      url: `${urls.api}/orgs/${org.login}/memberships/${user.login}`,
      state: 'active',
      role,
      organization_url: `${urls.api}/orgs/${org.login}`,
      organization: organizationSimple(urls, org),
      user: simpleUser(urls, userAccount(user)),
      permissions: {
        can_create_repository:
          role === 'admin' || org.members_can_create_repositories,
      },
    };
  };

  const requireOrgAdmin = (req: Request, org: OrganizationRecord) => {
    requireLogin(req);
    requireScope(req, 'admin:org', 'write:org');
    if (roleIn(org, req) !== 'admin') {
      throw new GitHubError(
        403,
        `You must be an admin of the ${org.login} organization to manage its memberships.`,
      );
    }
  };

  router.get(
    '/orgs/:org',
    handle((req, res) => {
      const org = organizationOf(ctx, req);
      res.json(
        organizationFull(urlsOf(req), store, org, Boolean(roleIn(org, req))),
      );
    }),
  );

  router.get(
    '/user/orgs',
    handle((req, res) => {
      const login = requireLogin(req);
      const urls = urlsOf(req);
      sendPage(
        req,
        res,
        store.organizationsOf(login).map(org => organizationSimple(urls, org)),
      );
    }),
  );

  router.get(
    '/orgs/:org/members',
    handle((req, res) => {
      const org = organizationOf(ctx, req);
      const role = queryString(req, 'role') ?? 'all';
      const urls = urlsOf(req);
      const members = Object.entries(org.members)
        .filter(([, memberRole]) => role === 'all' || memberRole === role)
        .map(([login]) => store.user(login))
        .filter(user => user !== undefined)
        .sort((a, b) => a.id - b.id)
        .map(user => simpleUser(urls, userAccount(user)));
      sendPage(req, res, members);
    }),
  );

  router.get(
    '/orgs/:org/memberships/:username',
    handle((req, res) => {
      const org = organizationOf(ctx, req);
      const caller = callerOf(req).login;
      const self = caller && loginKey(caller) === loginKey(req.params.username);
      if (!roleIn(org, req) && !self) {
        throw notFound();
      }
      if (!org.members[loginKey(req.params.username)]) {
        throw notFound();
      }
      res.json(membershipJson(req, org, req.params.username));
    }),
  );

  router.put(
    '/orgs/:org/memberships/:username',
    handle((req, res) => {
      const org = organizationOf(ctx, req);
      requireOrgAdmin(req, org);
      const role = (optionalString(bodyOf(req), 'role') ??
        'member') as OrganizationRole;
      if (role !== 'admin' && role !== 'member') {
        throw invalidField(
          'role',
          `For 'role', "${role}" is not a valid role.`,
        );
      }
      const user = store.user(req.params.username);
      if (!user) {
        throw notFound();
      }
      // GitHub invites; the sandbox accepts the invitation at once.
      org.members[loginKey(user.login)] = role;
      store.save();
      res.json(membershipJson(req, org, user.login));
    }),
  );

  router.delete(
    '/orgs/:org/memberships/:username',
    handle((req, res) => {
      const org = organizationOf(ctx, req);
      requireOrgAdmin(req, org);
      if (!org.members[loginKey(req.params.username)]) {
        throw notFound();
      }
      store.removeMember(org, req.params.username);
      store.save();
      res.status(204).end();
    }),
  );

  return router;
}
