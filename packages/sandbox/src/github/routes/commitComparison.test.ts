import { useSettingsServer } from './__testUtils__/settingsServer';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf } from '../../testUtils';

jest.setTimeout(30_000);

const COMPARE = '/repos/{owner}/{repo}/compare/{basehead}';

describe('commit comparison', () => {
  const server = useSettingsServer();
  const repo = { owner: 'acme', repo: 'web' };

  it('counts how far a ref is ahead of and behind another, as GitHub does', async () => {
    const reader = server.octokit('reader-token');
    const ahead = await reader.rest.repos.compareCommits({
      ...repo,
      base: 'main',
      head: 'release/1',
    });
    expectGitHubResponse('GET', COMPARE, 200, ahead.data);
    expect(ahead.data).toMatchObject({
      status: 'ahead',
      ahead_by: 1,
      behind_by: 0,
      total_commits: 1,
      base_commit: { sha: server.shas.main },
      merge_base_commit: { sha: server.shas.main },
      commits: [{ sha: server.shas.release, commit: { message: 'Release 1' } }],
      files: [{ filename: 'RELEASE', status: 'added', additions: 1 }],
    });

    // A deployed commit against the default branch's head, by sha.
    const behind = await reader.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${server.shas.release}...main`,
    });
    expectGitHubResponse('GET', COMPARE, 200, behind.data);
    expect(behind.data).toMatchObject({
      status: 'behind',
      ahead_by: 0,
      behind_by: 1,
      commits: [],
    });

    const same = await reader.rest.repos.compareCommits({
      ...repo,
      base: 'main',
      head: server.shas.main,
    });
    expect(same.data).toMatchObject({ status: 'identical', behind_by: 0 });
  });

  it('says diverged when both sides have commits of their own', async () => {
    const owner = server.octokit();
    await owner.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'MAIN',
      message: 'Main moves on',
      content: Buffer.from('main\n').toString('base64'),
      branch: 'main',
    });
    const diverged = await owner.rest.repos.compareCommits({
      ...repo,
      base: 'main',
      head: 'release/1',
    });
    expect(diverged.data).toMatchObject({
      status: 'diverged',
      ahead_by: 1,
      behind_by: 1,
      merge_base_commit: { sha: server.shas.main },
    });
  });

  it('answers 404 for an unknown ref or a malformed range', async () => {
    const reader = server.octokit('reader-token');
    const unknown = await failureOf(
      reader.rest.repos.compareCommits({ ...repo, base: 'main', head: 'nope' }),
    );
    expect(unknown).toMatchObject({
      status: 404,
      data: { message: 'Not Found' },
    });
    const malformed = await failureOf(
      reader.rest.repos.compareCommitsWithBasehead({
        ...repo,
        basehead: 'main..release/1',
      }),
    );
    expect(malformed.status).toBe(404);
  });
});
