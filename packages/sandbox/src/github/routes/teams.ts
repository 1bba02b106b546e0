import express, { type Router } from 'express';
import { requireLogin, requireScope } from '../auth';
import { organizationOf, roleIn, type GitHubContext } from '../context';
import { handle, invalidField, notFound, validationFailed } from '../errors';
import {
  bodyOf,
  optionalNullableString,
  optionalString,
  optionalStringArray,
  queryString,
} from '../input';
import { sendPage } from '../pagination';
import { simpleUser, userAccount } from '../render/accounts';
import { teamFull, teamJson } from '../render/team';
import type { Body } from '../input';
import type { OrganizationRecord, TeamRecord, TeamRole } from '../state/model';
import { nodeId } from '../nodeIds';
import { loginKey } from '../state/GitHubStore';
import { canSeeTeam, requireTeamManager, slugOf, teamOf } from '../teamAccess';
import { GitHubError } from '../types';
import { urlsOf } from '../urls';

/** Teams of an organization, their members and memberships. */
export function teamsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  const privacyOf = (body: Body) => {
    const privacy = optionalString(body, 'privacy');
    if (privacy !== undefined && privacy !== 'closed' && privacy !== 'secret') {
      throw invalidField(
        'privacy',
        `For 'privacy', "${privacy}" is not a valid value.`,
      );
    }
    return privacy;
  };

  const parentOf = (org: OrganizationRecord, body: Body) => {
    const parentId = body.parent_team_id;
    if (parentId === undefined || parentId === null) {
      return parentId;
    }
    const parent = store.teamById(Number(parentId));
    if (!parent || parent.org !== loginKey(org.login)) {
      throw validationFailed({
        resource: 'Team',
        code: 'invalid',
        field: 'parent_team_id',
      });
    }
    return parent.id;
  };

  const requireUniqueName = (
    org: OrganizationRecord,
    name: string,
    except?: TeamRecord,
  ) => {
    const slug = slugOf(name);
    if (!slug) {
      throw validationFailed({
        resource: 'Team',
        code: 'invalid',
        field: 'name',
      });
    }
    const clash = store
      .teams(org.login)
      .find(
        team =>
          team !== except &&
          (team.slug === slug ||
            team.name.toLowerCase() === name.toLowerCase()),
      );
    if (clash) {
      throw validationFailed({
        resource: 'Team',
        code: 'custom',
        field: 'name',
        message: 'Name must be unique for this org',
      });
    }
    return slug;
  };

  router.get(
    '/orgs/:org/teams',
    handle((req, res) => {
      const org = organizationOf(ctx, req);
      requireLogin(req);
      if (!roleIn(org, req)) {
        throw notFound();
      }
      const urls = urlsOf(req);
      sendPage(
        req,
        res,
        store
          .teams(org.login)
          .filter(team => canSeeTeam(org, team, req))
          .sort((a, b) => a.name.localeCompare(b.name))
          .map(team => teamJson(urls, store, org, team)),
      );
    }),
  );

  router.post(
    '/orgs/:org/teams',
    handle((req, res) => {
      const org = organizationOf(ctx, req);
      const login = requireLogin(req);
      requireScope(req, 'admin:org', 'write:org');
      if (!roleIn(org, req)) {
        throw new GitHubError(
          403,
          'You must be a member of this organization to create a team.',
        );
      }
      const body = bodyOf(req);
      const name = optionalString(body, 'name');
      if (!name) {
        throw validationFailed({
          resource: 'Team',
          code: 'missing_field',
          field: 'name',
        });
      }
      const slug = requireUniqueName(org, name);
      const privacy = privacyOf(body) ?? 'secret';
      const parentId = parentOf(org, body) ?? null;
      const members: Record<string, TeamRole> = {
        [loginKey(login)]: 'maintainer',
      };
      for (const maintainer of optionalStringArray(body, 'maintainers') ?? []) {
        if (store.user(maintainer) && org.members[loginKey(maintainer)]) {
          members[loginKey(maintainer)] = 'maintainer';
        }
      }
      const id = store.allocateId();
      const now = new Date().toISOString();
      const team: TeamRecord = {
        id,
        node_id: nodeId('Team', id),
        org: loginKey(org.login),
        slug,
        name,
        description: optionalNullableString(body, 'description') ?? null,
        privacy: parentId !== null ? 'closed' : privacy,
        notification_setting: 'notifications_enabled',
        parent_id: parentId,
        members,
        repositories: {},
        created_at: now,
        updated_at: now,
      };
      for (const fullName of optionalStringArray(body, 'repo_names') ?? []) {
        const [owner, repoName] = fullName.includes('/')
          ? fullName.split('/', 2)
          : [org.login, fullName];
        const repo = store.repository(owner, repoName);
        if (repo && loginKey(repo.owner) === loginKey(org.login)) {
          team.repositories[String(repo.id)] = 'pull';
        }
      }
      store.data.teams[String(id)] = team;
      store.save();
      res.status(201).json(teamFull(urlsOf(req), store, org, team));
    }),
  );

  router.get(
    '/orgs/:org/teams/:team_slug',
    handle((req, res) => {
      const { org, team } = teamOf(ctx, req);
      res.json(teamFull(urlsOf(req), store, org, team));
    }),
  );

  router.patch(
    '/orgs/:org/teams/:team_slug',
    handle((req, res) => {
      const { org, team } = teamOf(ctx, req);
      requireTeamManager(req, org, team);
      const body = bodyOf(req);
      const name = optionalString(body, 'name');
      if (name !== undefined && name !== team.name) {
        team.slug = requireUniqueName(org, name, team);
        team.name = name;
      }
      const description = optionalNullableString(body, 'description');
      if (description !== undefined) {
        team.description = description;
      }
      team.privacy = privacyOf(body) ?? team.privacy;
      const parentId = parentOf(org, body);
      if (parentId !== undefined) {
        if (parentId === team.id) {
          throw validationFailed({
            resource: 'Team',
            code: 'invalid',
            field: 'parent_team_id',
          });
        }
        team.parent_id = parentId;
      }
      team.updated_at = new Date().toISOString();
      store.save();
      res.json(teamFull(urlsOf(req), store, org, team));
    }),
  );

  router.delete(
    '/orgs/:org/teams/:team_slug',
    handle((req, res) => {
      const { org, team } = teamOf(ctx, req);
      requireTeamManager(req, org, team);
      delete store.data.teams[String(team.id)];
      for (const child of store.teams(org.login)) {
        if (child.parent_id === team.id) {
          // GitHub deletes child teams along with their parent.
          delete store.data.teams[String(child.id)];
        }
      }
      store.save();
      res.status(204).end();
    }),
  );

  router.get(
    '/orgs/:org/teams/:team_slug/members',
    handle((req, res) => {
      const { team } = teamOf(ctx, req);
      const role = queryString(req, 'role') ?? 'all';
      const urls = urlsOf(req);
      sendPage(
        req,
        res,
        Object.entries(team.members)
          .filter(([, memberRole]) => role === 'all' || memberRole === role)
          .map(([login]) => store.user(login))
          .filter(user => user !== undefined)
          .sort((a, b) => a.id - b.id)
          .map(user => simpleUser(urls, userAccount(user))),
      );
    }),
  );

  const membershipJson = (
    req: express.Request,
    org: OrganizationRecord,
    team: TeamRecord,
    login: string,
  ) => ({
    url: `${urlsOf(req).api}/organizations/${org.id}/team/${
      team.id
    }/memberships/${store.user(login)?.login ?? login}`,
    role: team.members[loginKey(login)],
    state: 'active',
  });

  router.get(
    '/orgs/:org/teams/:team_slug/memberships/:username',
    handle((req, res) => {
      const { org, team } = teamOf(ctx, req);
      if (!team.members[loginKey(req.params.username)]) {
        throw notFound();
      }
      res.json(membershipJson(req, org, team, req.params.username));
    }),
  );

  router.put(
    '/orgs/:org/teams/:team_slug/memberships/:username',
    handle((req, res) => {
      const { org, team } = teamOf(ctx, req);
      requireTeamManager(req, org, team);
      const role = optionalString(bodyOf(req), 'role') ?? 'member';
      if (role !== 'member' && role !== 'maintainer') {
        throw invalidField(
          'role',
          `For 'role', "${role}" is not a valid value.`,
        );
      }
      const user = store.user(req.params.username);
      if (!user) {
        throw notFound();
      }
      const who = loginKey(user.login);
      // GitHub invites outsiders to the organization; the sandbox adds them.
      org.members[who] = org.members[who] ?? 'member';
      team.members[who] = role;
      store.save();
      res.json(membershipJson(req, org, team, user.login));
    }),
  );

  router.delete(
    '/orgs/:org/teams/:team_slug/memberships/:username',
    handle((req, res) => {
      const { org, team } = teamOf(ctx, req);
      requireTeamManager(req, org, team);
      const who = loginKey(req.params.username);
      if (!team.members[who]) {
        throw notFound();
      }
      delete team.members[who];
      store.save();
      res.status(204).end();
    }),
  );

  return router;
}
