import http from 'node:http';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf, TEST_TOKENS, useTestGitHubServer } from '../../testUtils';

const base64 = (text: string) => Buffer.from(text).toString('base64');

// Every test spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

describe('contents, commits, branches and refs', () => {
  const repo = { owner: 'acme', repo: 'app' };
  const t = useTestGitHubServer(async server => {
    await server
      .client(TEST_TOKENS.admin)
      .repos.createInOrg({ org: 'acme', name: 'app', private: true });
  });

  it('answers an empty repository as GitHub does', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    const contents = await failureOf(
      admin.repos.getContent({ ...repo, path: '' }),
    );
    expect(contents.status).toBe(404);
    expect(contents.data.message).toBe('This repository is empty.');
    const commits = await failureOf(admin.repos.listCommits(repo));
    expect(commits.status).toBe(409);
    expect(commits.data.message).toBe('Git Repository is empty.');
    expect(
      (await failureOf(admin.git.getRef({ ...repo, ref: 'heads/main' })))
        .status,
    ).toBe(409);
  });

  it('creates, updates and deletes files with sha checks', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    const created = await admin.repos.createOrUpdateFileContents({
      ...repo,
      path: 'docs/index.md',
      message: 'Add docs',
      content: base64('# Hello\n'),
    });
    expect(created.status).toBe(201);
    expect(created.data.content).toMatchObject({
      name: 'index.md',
      path: 'docs/index.md',
      type: 'file',
      html_url: `${t.server.url}/acme/app/blob/main/docs/index.md`,
    });
    expect(created.data.commit.message).toBe('Add docs');
    expect(created.data.commit.author).toMatchObject({ name: 'octo-admin' });
    expectGitHubResponse(
      'PUT',
      '/repos/{owner}/{repo}/contents/{path}',
      201,
      created.data,
    );

    const file = await admin.repos.getContent({
      ...repo,
      path: 'docs/index.md',
    });
    const data = file.data as {
      content: string;
      sha: string;
      encoding: string;
    };
    expect(data.encoding).toBe('base64');
    expect(Buffer.from(data.content, 'base64').toString()).toBe('# Hello\n');
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/contents/{path}',
      200,
      file.data,
    );

    const noSha = await failureOf(
      admin.repos.createOrUpdateFileContents({
        ...repo,
        path: 'docs/index.md',
        message: 'Overwrite',
        content: base64('x'),
      }),
    );
    expect(noSha.status).toBe(422);
    expect(noSha.data.message).toMatch(/"sha" wasn't supplied/);
    const wrongSha = await failureOf(
      admin.repos.createOrUpdateFileContents({
        ...repo,
        path: 'docs/index.md',
        message: 'Overwrite',
        content: base64('x'),
        sha: 'a'.repeat(40),
      }),
    );
    expect(wrongSha.status).toBe(409);

    const updated = await admin.repos.createOrUpdateFileContents({
      ...repo,
      path: 'docs/index.md',
      message: 'Update docs',
      content: base64('# Hello again\n'),
      sha: data.sha,
    });
    expect(updated.status).toBe(200);

    const dir = await admin.repos.getContent({ ...repo, path: 'docs' });
    expect(Array.isArray(dir.data)).toBe(true);
    expect((dir.data as Array<{ name: string }>).map(e => e.name)).toEqual([
      'index.md',
    ]);

    const raw = await fetch(
      `${t.server.apiBaseUrl}/repos/acme/app/contents/docs/index.md`,
      {
        headers: {
          authorization: `token ${TEST_TOKENS.admin}`,
          accept: 'application/vnd.github.v3.raw',
        },
      },
    );
    expect(await raw.text()).toBe('# Hello again\n');
    const etag = raw.headers.get('etag')!;
    // node:http, since fetch adds `cache-control: no-cache` to conditional requests.
    const again = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get(
          `${t.server.apiBaseUrl}/repos/acme/app/contents/docs/index.md`,
          {
            headers: {
              authorization: `token ${TEST_TOKENS.admin}`,
              accept: 'application/vnd.github.v3.raw',
              'if-none-match': etag,
            },
          },
          res => {
            res.resume();
            resolve(res.statusCode);
          },
        )
        .on('error', reject);
    });
    expect(again).toBe(304);

    const deleteWrong = await failureOf(
      admin.repos.deleteFile({
        ...repo,
        path: 'docs/index.md',
        message: 'Remove',
        sha: data.sha,
      }),
    );
    expect(deleteWrong.status).toBe(409);
    await admin.repos.deleteFile({
      ...repo,
      path: 'docs/index.md',
      message: 'Remove',
      sha: updated.data.content!.sha!,
    });
    expect(
      (
        await failureOf(
          admin.repos.getContent({ ...repo, path: 'docs/index.md' }),
        )
      ).status,
    ).toBe(404);
  });

  it('needs push access and the workflow scope for workflows', async () => {
    const reader = await failureOf(
      t.client(TEST_TOKENS.member).repos.createOrUpdateFileContents({
        ...repo,
        path: 'x.txt',
        message: 'x',
        content: base64('x'),
      }),
    );
    expect(reader.status).toBe(403);
    await t.server.addToken({
      token: 'repo-only',
      login: 'octo-admin',
      scopes: ['repo'],
    });
    const workflow = await failureOf(
      t.client('repo-only').repos.createOrUpdateFileContents({
        ...repo,
        path: '.github/workflows/ci.yaml',
        message: 'CI',
        content: base64('on: push\n'),
      }),
    );
    expect(workflow.status).toBe(403);
    expect(workflow.headers['x-accepted-oauth-scopes']).toBe('workflow');
  });

  it('lists and reads commits', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    const commits = await admin.repos.listCommits(repo);
    expect(commits.data.map(c => c.commit.message)).toEqual([
      'Remove',
      'Update docs',
      'Add docs',
    ]);
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/commits',
      200,
      commits.data,
    );
    const [latest, , first] = commits.data;
    expect(latest.parents[0].sha).toBe(commits.data[1].sha);

    const one = await admin.repos.getCommit({
      ...repo,
      ref: commits.data[1].sha,
    });
    expect(one.data.files).toEqual([
      expect.objectContaining({
        filename: 'docs/index.md',
        status: 'modified',
        additions: 1,
        deletions: 1,
      }),
    ]);
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/commits/{ref}',
      200,
      one.data,
    );
    const byBranch = await admin.repos.getCommit({ ...repo, ref: 'main' });
    expect(byBranch.data.sha).toBe(latest.sha);
    expect(
      (await failureOf(admin.repos.getCommit({ ...repo, ref: 'nope' }))).status,
    ).toBe(422);

    const gitCommit = await admin.git.getCommit({
      ...repo,
      commit_sha: first.sha,
    });
    expect(gitCommit.data).toMatchObject({
      sha: first.sha,
      message: 'Add docs',
      parents: [],
    });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/git/commits/{commit_sha}',
      200,
      gitCommit.data,
    );
    const byPath = await admin.repos.listCommits({
      ...repo,
      path: 'nothing-here',
    });
    expect(byPath.data).toEqual([]);
  });

  it('creates, reads, moves and deletes refs; lists branches', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    const commits = (await admin.repos.listCommits(repo)).data;
    const created = await admin.git.createRef({
      ...repo,
      ref: 'refs/heads/feature/x',
      sha: commits[1].sha,
    });
    expect(created.status).toBe(201);
    expectGitHubResponse(
      'POST',
      '/repos/{owner}/{repo}/git/refs',
      201,
      created.data,
    );
    const exists = await failureOf(
      admin.git.createRef({
        ...repo,
        ref: 'refs/heads/feature/x',
        sha: commits[1].sha,
      }),
    );
    expect(exists.status).toBe(422);
    expect(exists.data.message).toBe('Reference already exists');
    expect(
      (
        await failureOf(
          admin.git.createRef({
            ...repo,
            ref: 'refs/heads/y',
            sha: 'f'.repeat(40),
          }),
        )
      ).status,
    ).toBe(422);

    const ref = await admin.git.getRef({ ...repo, ref: 'heads/feature/x' });
    expect(ref.data.object.sha).toBe(commits[1].sha);
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/git/ref/{ref}',
      200,
      ref.data,
    );
    const matching = await admin.git.listMatchingRefs({
      ...repo,
      ref: 'heads/',
    });
    expect(matching.data.map(r => r.ref)).toEqual([
      'refs/heads/feature/x',
      'refs/heads/main',
    ]);

    await admin.git.updateRef({
      ...repo,
      ref: 'heads/feature/x',
      sha: commits[0].sha,
    });
    const backwards = await failureOf(
      admin.git.updateRef({
        ...repo,
        ref: 'heads/feature/x',
        sha: commits[2].sha,
      }),
    );
    expect(backwards.status).toBe(422);
    expect(backwards.data.message).toBe('Update is not a fast forward');
    await admin.git.updateRef({
      ...repo,
      ref: 'heads/feature/x',
      sha: commits[2].sha,
      force: true,
    });

    const branches = await admin.repos.listBranches(repo);
    expect(branches.data).toEqual([
      {
        name: 'feature/x',
        commit: {
          sha: commits[2].sha,
          url: `${t.server.apiBaseUrl}/repos/acme/app/commits/${commits[2].sha}`,
        },
        protected: false,
      },
      expect.objectContaining({ name: 'main', protected: false }),
    ]);
    const branch = await admin.repos.getBranch({
      ...repo,
      branch: 'feature/x',
    });
    expect(branch.data.commit.sha).toBe(commits[2].sha);
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/branches/{branch}',
      200,
      branch.data,
    );
    expect(
      (await failureOf(admin.repos.getBranch({ ...repo, branch: 'nope' }))).data
        .message,
    ).toBe('Branch not found');

    await admin.git.deleteRef({ ...repo, ref: 'heads/feature/x' });
    expect(
      (await failureOf(admin.git.getRef({ ...repo, ref: 'heads/feature/x' })))
        .status,
    ).toBe(404);
    expect(
      (
        await failureOf(
          admin.git.deleteRef({ ...repo, ref: 'heads/feature/x' }),
        )
      ).status,
    ).toBe(422);
  });

  it('reports API commits to push listeners', async () => {
    const events: string[] = [];
    const unsubscribe = t.server.onPush(event => events.push(event.ref));
    await t.client(TEST_TOKENS.admin).repos.createOrUpdateFileContents({
      ...repo,
      path: 'pushed.txt',
      message: 'Push',
      content: base64('x'),
    });
    unsubscribe();
    expect(events).toEqual(['refs/heads/main']);
  });
});
