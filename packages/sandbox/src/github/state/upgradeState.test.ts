import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSettingsServer } from '../routes/__testUtils__/settingsServer';
import { emptyState } from './model';
import { readStateFile } from './stateFile';

// One test starts a server and spawns git; leave room for a busy machine.
jest.setTimeout(60_000);

const CREATED = '2026-11-01T10:00:00Z';

/** A user record as version 1 kept it, and its settings' creators (the record plus `type`). */
const octocat = {
  id: 2,
  node_id: 'MDQ6VXNlcjI=',
  login: 'octocat',
  name: null,
  email: null,
  created_at: CREATED,
  updated_at: CREATED,
};

/**
 * A version 1 state file as the server wrote it before the settings were
 * typed: settings under their own counter (`next_id`), secrets with their
 * sealed value, creators as the directory returned them.
 */
function stateV1(repositoryId: number, nextId: number) {
  return {
    version: 1,
    nextId,
    users: { octocat },
    organizations: {},
    teams: {},
    repositories: {},
    redirects: {},
    settings: {
      version: 1,
      next_id: 500,
      repositories: {
        [String(repositoryId)]: {
          branch_protection: [
            {
              branch: 'main',
              required_status_checks: {
                strict: true,
                checks: [{ context: 'ci', app_id: null }],
              },
              enforce_admins: true,
              required_pull_request_reviews: null,
              restrictions: null,
              required_signatures: false,
              required_linear_history: false,
              allow_force_pushes: false,
              allow_deletions: false,
              block_creations: false,
              required_conversation_resolution: false,
              lock_branch: false,
              allow_fork_syncing: false,
            },
          ],
          rulesets: [],
          environments: [
            {
              id: 1,
              name: 'production',
              created_at: CREATED,
              updated_at: CREATED,
              wait_timer: 0,
              prevent_self_review: false,
              reviewers: [{ type: 'User', id: 2 }],
              rule_ids: {
                wait_timer: 2,
                required_reviewers: 3,
                branch_policy: 4,
              },
              deployment_branch_policy: {
                protected_branches: false,
                custom_branch_policies: true,
              },
              branch_policies: [{ id: 7, name: 'main', type: 'branch' }],
              variables: [
                {
                  name: 'REPLICAS',
                  value: '3',
                  created_at: CREATED,
                  updated_at: CREATED,
                },
              ],
              secrets: [
                {
                  name: 'DB_PASSWORD',
                  encrypted_value: 'c2VhbGVkIGVudmlyb25tZW50IHNlY3JldA==',
                  key_id: '123',
                  created_at: CREATED,
                  updated_at: CREATED,
                },
              ],
              secrets_key: { key_id: '123', key: 'a2V5' },
            },
          ],
          variables: [],
          secrets: [
            {
              name: 'DEPLOY_TOKEN',
              encrypted_value: 'c2VhbGVkIHJlcG9zaXRvcnkgc2VjcmV0',
              key_id: '456',
              created_at: CREATED,
              updated_at: CREATED,
            },
          ],
          secrets_key: { key_id: '456', key: 'a2V5Mg==' },
          deployments: [
            {
              id: 5,
              sha: 'c'.repeat(40),
              ref: 'main',
              task: 'deploy',
              payload: {},
              environment: 'production',
              original_environment: 'production',
              description: '',
              transient_environment: false,
              production_environment: true,
              creator: { ...octocat, type: 'User' },
              created_at: CREATED,
              updated_at: CREATED,
              statuses: [
                {
                  id: 6,
                  state: 'success',
                  description: '',
                  environment: 'production',
                  target_url: '',
                  log_url: '',
                  environment_url: '',
                  // What a test's stand-in directory stored: no node id, no type.
                  creator: { id: 2, login: 'octocat' },
                  created_at: CREATED,
                  updated_at: CREATED,
                },
              ],
            },
          ],
        },
      },
    },
  };
}

function writeState(dir: string, state: unknown) {
  const file = path.join(dir, 'github', 'state.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(state));
  return file;
}

describe('upgradeState', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-state-upgrade-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a version 1 file into the typed model', () => {
    const state = readStateFile(writeState(dir, stateV1(42, 30)));
    expect(state.version).toBe(2);
    // Continues after both counters, so no id is handed out twice.
    expect(state.nextId).toBe(500);
    expect(Object.keys(state.settings)).toEqual(['42']);
    const settings = state.settings['42'];
    expect(settings.branch_protection[0].branch).toBe('main');
    expect(settings.secrets).toEqual([
      {
        name: 'DEPLOY_TOKEN',
        key_id: '456',
        created_at: CREATED,
        updated_at: CREATED,
      },
    ]);
    expect(settings.environments[0].secrets).toEqual([
      {
        name: 'DB_PASSWORD',
        key_id: '123',
        created_at: CREATED,
        updated_at: CREATED,
      },
    ]);
    expect(JSON.stringify(state)).not.toContain('encrypted_value');
    const actor = {
      id: 2,
      login: 'octocat',
      node_id: 'MDQ6VXNlcjI=',
      type: 'User',
    };
    expect(settings.deployments[0].creator).toEqual(actor);
    expect(settings.deployments[0].statuses[0].creator).toEqual(actor);
    expect(state.users).toEqual({ octocat });
  });

  it('keeps the id counter of a version 1 file when it is ahead of the settings one', () => {
    expect(readStateFile(writeState(dir, stateV1(42, 900))).nextId).toBe(900);
    const withoutSettings = { ...stateV1(42, 7), settings: undefined };
    const state = readStateFile(writeState(dir, withoutSettings));
    expect(state.settings).toEqual({});
    expect(state.nextId).toBe(7);
  });

  it('reads version 2 as written and refuses versions it does not know', () => {
    const current = { ...emptyState(), nextId: 12 };
    expect(readStateFile(writeState(dir, current))).toEqual(current);
    expect(() => readStateFile(writeState(dir, { version: 3 }))).toThrow(
      /Unsupported sandbox GitHub state version 3/,
    );
  });

  it('serves the settings of a version 1 file after an upgrade', async () => {
    // Made by the current server, then rewritten as version 1 wrote it.
    const seeded = await startSettingsServer(dir);
    const repositoryId = seeded.repository.id;
    await seeded.close();
    const written = seeded.readState();
    const old = stateV1(repositoryId, written.nextId);
    writeState(dir, {
      ...written,
      version: 1,
      settings: old.settings,
      users: written.users,
    });

    const server = await startSettingsServer(dir);
    try {
      const octokit = server.octokit();
      const repo = { owner: 'acme', repo: 'web' };
      const protection = await octokit.rest.repos.getBranchProtection({
        ...repo,
        branch: 'main',
      });
      expect(protection.data.required_status_checks?.contexts).toEqual(['ci']);
      const environment = await octokit.rest.repos.getEnvironment({
        ...repo,
        environment_name: 'production',
      });
      expect(environment.data.id).toBe(1);
      const policies = await octokit.rest.repos.listDeploymentBranchPolicies({
        ...repo,
        environment_name: 'production',
      });
      expect(policies.data.branch_policies.map(p => p.name)).toEqual(['main']);
      const variables = await octokit.rest.actions.listEnvironmentVariables({
        repository_id: repositoryId,
        environment_name: 'production',
      });
      expect(variables.data.variables.map(v => v.value)).toEqual(['3']);
      const secrets = await octokit.rest.actions.listRepoSecrets(repo);
      expect(secrets.data.secrets.map(s => s.name)).toEqual(['DEPLOY_TOKEN']);
      const [deployment] = (await octokit.rest.repos.listDeployments(repo))
        .data;
      expect(deployment.creator?.login).toBe('octocat');
      const next = await octokit.rest.repos.createDeployment({
        ...repo,
        ref: 'main',
      });
      expect((next.data as { id: number }).id).toBeGreaterThanOrEqual(500);
      expect(JSON.stringify(server.readState())).not.toContain(
        'encrypted_value',
      );
    } finally {
      await server.close();
    }
  });
});
