import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sodium from 'libsodium-wrappers';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { deploymentJson, deploymentStatusJson } from '../render/deployments';
import {
  startSettingsServer,
  type SettingsTestServer,
} from '../routes/__testUtils__/settingsServer';
import { createDeployment, createDeploymentStatus } from './deployments';
import { GitHubStore } from './GitHubStore';
import { emptyState, type StoredRepository } from './model';

// Every test starts a server and spawns git; leave room for a busy machine.
jest.setTimeout(60_000);

const repo = { owner: 'acme', repo: 'web' };

/** `<length>:<Type><id>`, what a GitHub node id is made of. */
const decode = (nodeId: string | undefined) =>
  Buffer.from(nodeId ?? '', 'base64').toString();

function temporaryDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-settings-state-'));
}

describe('repository settings state', () => {
  it('round-trips through JSON and serves the same settings after a restart', async () => {
    const dir = temporaryDir();
    try {
      const first = await startSettingsServer(dir);
      const octokit = first.octokit();
      await octokit.rest.repos.updateBranchProtection({
        ...repo,
        branch: 'main',
        required_status_checks: { strict: true, contexts: ['ci'] },
        enforce_admins: true,
        required_pull_request_reviews: null,
        restrictions: null,
      });
      await octokit.rest.repos.createRepoRuleset({
        ...repo,
        name: 'r',
        enforcement: 'active',
      });
      await octokit.rest.repos.createOrUpdateEnvironment({
        ...repo,
        environment_name: 'dev',
      });
      await octokit.rest.actions.createRepoVariable({
        ...repo,
        name: 'A',
        value: 'b',
      });
      const key = (await octokit.rest.actions.getRepoPublicKey(repo)).data;
      await sodium.ready;
      await octokit.rest.actions.createOrUpdateRepoSecret({
        ...repo,
        secret_name: 'S',
        key_id: key.key_id,
        encrypted_value: sodium.to_base64(
          sodium.crypto_box_seal(
            sodium.from_string('v'),
            sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL),
          ),
          sodium.base64_variants.ORIGINAL,
        ),
      });
      await octokit.rest.repos.createDeployment({ ...repo, ref: 'main' });
      await first.close();

      const saved = first.readState();
      const copy = JSON.parse(JSON.stringify(saved));
      expect(copy).toEqual(saved);
      // Persisted with their types, not as an opaque value.
      const settings = saved.settings[String(first.repository.id)];
      expect(settings.branch_protection[0].required_status_checks).toEqual({
        strict: true,
        checks: [{ context: 'ci', app_id: null }],
      });
      expect(settings.rulesets.map(r => r.name)).toEqual(['r']);
      expect(settings.environments.map(e => e.name)).toEqual([
        'dev',
        'production',
      ]);
      expect(settings.variables.map(v => [v.name, v.value])).toEqual([
        ['A', 'b'],
      ]);
      expect(settings.secrets).toEqual([
        {
          name: 'S',
          key_id: key.key_id,
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
      ]);
      expect(settings.secrets_key).toEqual(key);
      expect(settings.deployments[0].creator).toEqual({
        id: first.ids.octocat,
        login: 'octocat',
        node_id: expect.any(String),
        type: 'User',
      });

      const second = await startSettingsServer(dir);
      try {
        const again = second.octokit();
        expect(
          (
            await again.rest.repos.getBranchProtection({
              ...repo,
              branch: 'main',
            })
          ).data.required_status_checks?.contexts,
        ).toEqual(['ci']);
        expect(
          (await again.rest.repos.getRepoRulesets(repo)).data,
        ).toHaveLength(1);
        expect((await again.rest.actions.getRepoPublicKey(repo)).data).toEqual(
          key,
        );
        expect(
          (await again.rest.actions.listRepoSecrets(repo)).data.total_count,
        ).toBe(1);
        expect(
          (await again.rest.actions.listRepoVariables(repo)).data.total_count,
        ).toBe(1);
        const deployments = (await again.rest.repos.listDeployments(repo)).data;
        expect(deployments).toHaveLength(1);
        // Ids continue after the restored ones.
        const next = await again.rest.repos.createDeployment({
          ...repo,
          ref: 'main',
        });
        expect((next.data as { id: number }).id).toBeGreaterThan(
          deployments[0].id,
        );
        // The restart wrote nothing different for what it did not change.
        expect(
          second.readState().settings[String(first.repository.id)],
        ).toMatchObject({
          branch_protection: settings.branch_protection,
          rulesets: settings.rulesets,
          variables: settings.variables,
          secrets: settings.secrets,
        });
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands out ids unique across every kind of object, and never again after a restart', async () => {
    const dir = temporaryDir();
    try {
      const first = await startSettingsServer(dir);
      /** Creates one object of each kind that has an id; returns their ids. */
      const createSome = async (server: SettingsTestServer, suffix: string) => {
        const octokit = server.octokit();
        const ruleset = await octokit.rest.repos.createRepoRuleset({
          ...repo,
          name: `rules-${suffix}`,
          enforcement: 'active',
        });
        const environment = await octokit.rest.repos.createOrUpdateEnvironment({
          ...repo,
          environment_name: `env-${suffix}`,
          wait_timer: 1,
          reviewers: [{ type: 'User', id: server.ids.reader }],
          deployment_branch_policy: {
            protected_branches: false,
            custom_branch_policies: true,
          },
        });
        const policy = await octokit.rest.repos.createDeploymentBranchPolicy({
          ...repo,
          environment_name: `env-${suffix}`,
          name: 'main',
        });
        const deployment = (
          await octokit.rest.repos.createDeployment({
            ...repo,
            ref: 'main',
            environment: `env-${suffix}`,
          })
        ).data as { id: number };
        const status = await octokit.rest.repos.createDeploymentStatus({
          ...repo,
          deployment_id: deployment.id,
          state: 'success',
        });
        const created = await octokit.rest.repos.createInOrg({
          org: 'acme',
          name: `other-${suffix}`,
        });
        const issue = await octokit.rest.issues.create({
          ...repo,
          title: `issue-${suffix}`,
        });
        // A new repository's default labels get their ids on first use.
        const labels = await octokit.rest.issues.listLabelsForRepo({
          owner: 'acme',
          repo: `other-${suffix}`,
        });
        return [
          ruleset.data.id,
          environment.data.id!,
          ...(environment.data.protection_rules ?? []).map(r => r.id),
          policy.data.id!,
          deployment.id,
          status.data.id,
          created.data.id,
          issue.data.id,
          ...labels.data.map(l => l.id),
        ];
      };
      const before = [
        first.repository.id,
        ...Object.values(first.ids),
        ...(await createSome(first, 'a')),
      ];
      expect(new Set(before).size).toBe(before.length);
      await first.close();

      const second = await startSettingsServer(dir);
      try {
        const after = await createSome(second, 'b');
        expect(new Set([...before, ...after]).size).toBe(
          before.length + after.length,
        );
        expect(Math.min(...after)).toBeGreaterThan(Math.max(...before));
        expect(second.readState().nextId).toBeGreaterThan(Math.max(...after));
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives settings objects node ids of the form GitHub gives them', async () => {
    const server = await startSettingsServer();
    try {
      const octokit = server.octokit();
      const environment = await octokit.rest.repos.createOrUpdateEnvironment({
        ...repo,
        environment_name: 'production',
        wait_timer: 1,
        deployment_branch_policy: {
          protected_branches: false,
          custom_branch_policies: true,
        },
      });
      const policy = await octokit.rest.repos.createDeploymentBranchPolicy({
        ...repo,
        environment_name: 'production',
        name: 'main',
      });
      const deployment = (
        await octokit.rest.repos.createDeployment({ ...repo, ref: 'main' })
      ).data as { id: number; node_id: string; creator: { node_id: string } };
      const status = await octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: deployment.id,
        state: 'success',
      });
      const ruleset = await octokit.rest.repos.createRepoRuleset({
        ...repo,
        name: 'r',
        enforcement: 'active',
      });
      const repository = await octokit.rest.repos.get(repo);

      expect(decode(environment.data.node_id)).toBe(
        `011:Environment${environment.data.id}`,
      );
      for (const rule of environment.data.protection_rules ?? []) {
        expect(decode(rule.node_id)).toBe(`04:Gate${rule.id}`);
      }
      expect(decode(policy.data.node_id)).toBe(
        `016:GateBranchPolicy${policy.data.id}`,
      );
      expect(decode(deployment.node_id)).toBe(`010:Deployment${deployment.id}`);
      expect(decode(status.data.node_id)).toBe(
        `016:DeploymentStatus${status.data.id}`,
      );
      expect(decode(ruleset.data.node_id)).toBe(
        `017:RepositoryRuleset${ruleset.data.id}`,
      );
      // The same scheme as the core's objects.
      expect(decode(deployment.creator.node_id)).toBe(
        `04:User${server.ids.octocat}`,
      );
      expect(decode(repository.data.node_id)).toBe(
        `010:Repository${repository.data.id}`,
      );
      expect(decode(repository.data.owner.node_id)).toMatch(
        /^012:Organization\d+$/,
      );
    } finally {
      await server.close();
    }
  });

  it('creates deployments and statuses without HTTP, for the GitOps sync', () => {
    const dir = temporaryDir();
    try {
      const store = new GitHubStore(emptyState(), path.join(dir, 'state.json'));
      const creator = store.ensureUser('sandbox-sync');
      const actor = {
        creator: {
          id: creator.id,
          login: creator.login,
          node_id: creator.node_id,
          type: 'User' as const,
        },
      };
      const repository = {
        id: store.allocateId(),
        owner: 'acme',
        name: 'api',
      } as StoredRepository;
      store.data.repositories[String(repository.id)] = repository;
      const urls = {
        web: 'http://127.0.0.1:1234',
        api: 'http://127.0.0.1:1234/api/v3',
      };
      const deployment = createDeployment(store, repository, {
        ...actor,
        ref: 'main',
        sha: 'c'.repeat(40),
        environment: 'dev',
      });
      const deploymentBody = deploymentJson(urls, repository, deployment);
      expectGitHubResponse(
        'POST',
        '/repos/{owner}/{repo}/deployments',
        201,
        deploymentBody,
      );
      expect(deploymentBody.url).toBe(
        `http://127.0.0.1:1234/api/v3/repos/acme/api/deployments/${deployment.id}`,
      );
      const { status } = createDeploymentStatus(
        store,
        repository,
        deployment.id,
        {
          ...actor,
          state: 'success',
          environment_url: 'http://api.dev.local',
        },
      );
      expectGitHubResponse(
        'POST',
        '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
        201,
        deploymentStatusJson(urls, repository, deployment, status),
      );
      expect(() =>
        createDeploymentStatus(store, repository, 999, {
          ...actor,
          state: 'success',
        }),
      ).toThrow('Not Found');

      store.deleteRepository(repository);
      expect(store.data.settings).toEqual({});
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a response check that can fail', () => {
    expect(() =>
      expectGitHubResponse(
        'GET',
        '/repos/{owner}/{repo}/actions/variables',
        200,
        {
          total_count: 1,
          variables: [{ name: 'A' }],
        },
      ),
    ).toThrow(/does not match/);
  });
});
