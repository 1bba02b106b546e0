import {
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
} from 'node:crypto';
import sodium from 'libsodium-wrappers';
import { useSettingsServer } from './__testUtils__/settingsServer';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf } from '../../testUtils';

// Every test starts a server and spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

/** Seals a value the way upstream's scaffolder actions do. */
async function seal(value: string, publicKey: string) {
  await sodium.ready;
  const key = sodium.from_base64(publicKey, sodium.base64_variants.ORIGINAL);
  return sodium.to_base64(
    sodium.crypto_box_seal(sodium.from_string(value), key),
    sodium.base64_variants.ORIGINAL,
  );
}

describe('Actions secret routes', () => {
  const server = useSettingsServer();

  const repo = { owner: 'acme', repo: 'web' };

  it('hands out a real X25519 key, once per repository', async () => {
    const octokit = server.octokit();
    const { data } = await octokit.rest.actions.getRepoPublicKey(repo);
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/actions/secrets/public-key',
      200,
      data,
    );
    const raw = Buffer.from(data.key, 'base64');
    expect(raw).toHaveLength(32);
    // Node accepts it as an X25519 public key and agrees a secret with it.
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') },
      format: 'jwk',
    });
    const shared = diffieHellman({
      privateKey: generateKeyPairSync('x25519').privateKey,
      publicKey,
    });
    expect(shared).toHaveLength(32);
    expect(data.key_id).toMatch(/^\d+$/);

    const again = await octokit.rest.actions.getRepoPublicKey(repo);
    expect(again.data).toEqual(data);
  });

  it('stores sealed secrets as publish:github does, and never returns them', async () => {
    const octokit = server.octokit();
    const key = (await octokit.rest.actions.getRepoPublicKey(repo)).data;
    const encrypted = await seal('hunter2', key.key);
    const created = await octokit.rest.actions.createOrUpdateRepoSecret({
      ...repo,
      secret_name: 'deploy_token',
      encrypted_value: encrypted,
      key_id: key.key_id,
    });
    expect(created.status).toBe(201);
    const updated = await octokit.rest.actions.createOrUpdateRepoSecret({
      ...repo,
      secret_name: 'DEPLOY_TOKEN',
      encrypted_value: await seal('hunter3', key.key),
      key_id: key.key_id,
    });
    expect(updated.status).toBe(204);

    const listed = await server
      .octokit('reader-token')
      .rest.actions.listRepoSecrets(repo);
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/actions/secrets',
      200,
      listed.data,
    );
    expect(listed.data.secrets.map(s => s.name)).toEqual(['DEPLOY_TOKEN']);
    const got = await octokit.rest.actions.getRepoSecret({
      ...repo,
      secret_name: 'deploy_token',
    });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/actions/secrets/{secret_name}',
      200,
      got.data,
    );
    expect(JSON.stringify([listed.data, got.data])).not.toContain('hunter');
    const saved = JSON.stringify(server.readState());
    expect(saved).not.toContain('hunter');
    // Not even sealed: a secret's value is never stored.
    expect(saved).not.toContain(encrypted);
    expect(saved).not.toContain('encrypted_value');

    const wrongKey = await failureOf(
      octokit.rest.actions.createOrUpdateRepoSecret({
        ...repo,
        secret_name: 'OTHER',
        encrypted_value: encrypted,
        key_id: '1',
      }),
    );
    expect(wrongKey.status).toBe(422);
    const notBase64 = await failureOf(
      octokit.rest.actions.createOrUpdateRepoSecret({
        ...repo,
        secret_name: 'OTHER',
        encrypted_value: 'not base64!',
        key_id: key.key_id,
      }),
    );
    expect(notBase64.status).toBe(422);
    const badName = await failureOf(
      octokit.rest.actions.createOrUpdateRepoSecret({
        ...repo,
        secret_name: 'GITHUB_TOKEN',
        encrypted_value: encrypted,
        key_id: key.key_id,
      }),
    );
    expect(badName.status).toBe(422);
    const writer = await failureOf(
      server.octokit('writer-token').rest.actions.createOrUpdateRepoSecret({
        ...repo,
        secret_name: 'OTHER',
        encrypted_value: encrypted,
        key_id: key.key_id,
      }),
    );
    expect(writer.status).toBe(403);

    await octokit.rest.actions.deleteRepoSecret({
      ...repo,
      secret_name: 'DEPLOY_TOKEN',
    });
    expect(
      (
        await failureOf(
          octokit.rest.actions.getRepoSecret({
            ...repo,
            secret_name: 'DEPLOY_TOKEN',
          }),
        )
      ).status,
    ).toBe(404);
  });

  it('keeps environment secrets under their own key', async () => {
    const octokit = server.octokit();
    await octokit.rest.repos.createOrUpdateEnvironment({
      ...repo,
      environment_name: 'production',
    });
    const scope = {
      repository_id: server.repository.id,
      environment_name: 'production',
    };
    const key = (await octokit.rest.actions.getEnvironmentPublicKey(scope))
      .data;
    expect(Buffer.from(key.key, 'base64')).toHaveLength(32);
    const repositoryKey = (await octokit.rest.actions.getRepoPublicKey(repo))
      .data;
    expect(key.key).not.toBe(repositoryKey.key);

    await octokit.rest.actions.createOrUpdateEnvironmentSecret({
      ...scope,
      secret_name: 'DB_PASSWORD',
      encrypted_value: await seal('s3cret', key.key),
      key_id: key.key_id,
    });
    // The path newer clients use answers the same secret.
    const viaOwner = await octokit.request(
      'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
      { ...repo, environment_name: 'production', secret_name: 'DB_PASSWORD' },
    );
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
      200,
      viaOwner.data,
    );
    const listed = await octokit.rest.actions.listEnvironmentSecrets(scope);
    expect(listed.data.secrets.map(s => s.name)).toEqual(['DB_PASSWORD']);
    expect(
      (await octokit.rest.actions.listRepoSecrets(repo)).data.total_count,
    ).toBe(0);

    const repositoryKeyForEnvironment = await failureOf(
      octokit.rest.actions.createOrUpdateEnvironmentSecret({
        ...scope,
        secret_name: 'OTHER',
        encrypted_value: await seal('x', repositoryKey.key),
        key_id: repositoryKey.key_id,
      }),
    );
    expect(repositoryKeyForEnvironment.status).toBe(422);

    await octokit.rest.actions.deleteEnvironmentSecret({
      ...scope,
      secret_name: 'DB_PASSWORD',
    });
    expect(
      (await octokit.rest.actions.listEnvironmentSecrets(scope)).data
        .total_count,
    ).toBe(0);
  });
});
