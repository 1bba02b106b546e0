import { useSettingsServer } from './__testUtils__/settingsServer';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf } from '../../testUtils';

// Every test starts a server and spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

const RENAME = '/repos/{owner}/{repo}/branches/{branch}/rename';

describe('branch routes', () => {
  const server = useSettingsServer();
  const repo = { owner: 'acme', repo: 'web' };

  it('renames the default branch: the default, its protection and open pull requests follow', async () => {
    const octokit = server.octokit();
    await octokit.rest.repos.updateBranchProtection({
      ...repo,
      branch: 'main',
      required_status_checks: null,
      enforce_admins: false,
      required_pull_request_reviews: null,
      restrictions: null,
    });
    const { data: pull } = await octokit.rest.pulls.create({
      ...repo,
      title: 'Release 1',
      head: 'release/1',
      base: 'main',
    });

    const renamed = await octokit.rest.repos.renameBranch({
      ...repo,
      branch: 'main',
      new_name: 'trunk',
    });
    expect(renamed.status).toBe(201);
    expectGitHubResponse('POST', RENAME, 201, renamed.data);
    expect(renamed.data).toMatchObject({
      name: 'trunk',
      commit: { sha: server.shas.main },
      protected: true,
    });

    expect((await octokit.rest.repos.get(repo)).data.default_branch).toBe(
      'trunk',
    );
    const { data: branches } = await octokit.rest.repos.listBranches(repo);
    expect(branches.map(b => b.name)).toEqual(['release/1', 'trunk']);
    expect(
      (
        await failureOf(
          octokit.rest.repos.getBranch({ ...repo, branch: 'main' }),
        )
      ).status,
    ).toBe(404);
    await expect(
      octokit.rest.repos.getBranchProtection({ ...repo, branch: 'trunk' }),
    ).resolves.toMatchObject({ status: 200 });
    expect(
      (await octokit.rest.pulls.get({ ...repo, pull_number: pull.number })).data
        .base.ref,
    ).toBe('trunk');
    // A clone checks out the renamed default branch.
    const { data: readme } = await octokit.rest.repos.getContent({
      ...repo,
      path: 'README.md',
    });
    expect(readme).toMatchObject({ name: 'README.md' });

    // And back, as a repository standard puts it back.
    await octokit.rest.repos.renameBranch({
      ...repo,
      branch: 'trunk',
      new_name: 'main',
    });
    expect((await octokit.rest.repos.get(repo)).data.default_branch).toBe(
      'main',
    );
  });

  it('lets a writer rename other branches, and only an admin the default one', async () => {
    const writer = server.octokit('writer-token');
    const refused = await failureOf(
      writer.rest.repos.renameBranch({
        ...repo,
        branch: 'main',
        new_name: 'trunk',
      }),
    );
    expect(refused.status).toBe(403);
    expect(refused.data.message).toBe('Must have admin rights to Repository.');

    const renamed = await writer.rest.repos.renameBranch({
      ...repo,
      branch: 'release/1',
      new_name: 'release/one',
    });
    expect(renamed.data).toMatchObject({
      name: 'release/one',
      commit: { sha: server.shas.release },
    });
    const reader = server.octokit('reader-token');
    expect(
      (
        await failureOf(
          reader.rest.repos.renameBranch({
            ...repo,
            branch: 'release/one',
            new_name: 'release/1',
          }),
        )
      ).status,
    ).toBe(403);
  });

  it('refuses an unknown branch, a taken or invalid name and a missing one', async () => {
    const octokit = server.octokit();
    const unknown = await failureOf(
      octokit.rest.repos.renameBranch({
        ...repo,
        branch: 'nope',
        new_name: 'other',
      }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.data.message).toBe('Branch not found');

    const taken = await failureOf(
      octokit.rest.repos.renameBranch({
        ...repo,
        branch: 'release/1',
        new_name: 'main',
      }),
    );
    expect(taken.status).toBe(422);
    expect(taken.data.errors).toEqual([
      expect.objectContaining({ field: 'new_name', code: 'already_exists' }),
    ]);

    const invalid = await failureOf(
      octokit.rest.repos.renameBranch({
        ...repo,
        branch: 'release/1',
        new_name: 'bad..name',
      }),
    );
    expect(invalid.status).toBe(422);

    const missing = await failureOf(
      octokit.request('POST /repos/{owner}/{repo}/branches/{branch}/rename', {
        ...repo,
        branch: 'release/1',
      } as any),
    );
    expect(missing.status).toBe(422);
    const { data: branches } = await octokit.rest.repos.listBranches(repo);
    expect(branches.map(b => b.name)).toEqual(['main', 'release/1']);
  });
});
