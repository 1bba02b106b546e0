import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { TEST_TOKENS, useTestGitHubServer } from '../testUtils';

jest.setTimeout(30_000);

describe("Backstage's GitHub URL reader against the sandbox", () => {
  const t = useTestGitHubServer(async server => {
    const octokit = server.client(TEST_TOKENS.admin);
    await octokit.repos.createInOrg({
      org: 'acme',
      name: 'docs-site',
      auto_init: true,
      private: true,
    });
    await octokit.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'docs-site',
      path: 'docs/index.md',
      message: 'Add docs',
      content: Buffer.from('# Hello\n').toString('base64'),
    });
  });

  const reader = (token: string) =>
    UrlReaders.default({
      logger: mockServices.logger.mock(),
      config: new ConfigReader({
        integrations: {
          github: [
            { host: t.server.host, apiBaseUrl: t.server.apiBaseUrl, token },
          ],
        },
      }),
    });

  it('reads a folder of a private repository through the tarball link', async () => {
    const response = await reader(TEST_TOKENS.admin).readTree(
      `${t.server.url}/acme/docs-site/tree/main/docs`,
    );
    const files = await response.files();
    expect(files.map(file => file.path)).toEqual(['index.md']);
    expect((await files[0].content()).toString()).toBe('# Hello\n');
    const { data: branch } = await t
      .client(TEST_TOKENS.admin)
      .repos.getBranch({ owner: 'acme', repo: 'docs-site', branch: 'main' });
    expect(response.etag).toBe(branch.commit.sha);
  });

  it('does not let a caller without access read it, nor reuse a download link', async () => {
    await expect(
      reader(TEST_TOKENS.outsider).readTree(
        `${t.server.url}/acme/docs-site/tree/main`,
      ),
    ).rejects.toThrow(/404/);
    const res = await fetch(
      `${t.server.apiBaseUrl}/repos/acme/docs-site/tarball/main`,
      {
        headers: { authorization: `token ${TEST_TOKENS.admin}` },
        redirect: 'manual',
      },
    );
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location).toMatch(
      /\/_codeload\/acme\/docs-site\/legacy\.tar\.gz\/[0-9a-f]{40}\?token=/,
    );
    expect((await fetch(location)).status).toBe(200);
    expect(
      (await fetch(location.replace(/token=.*/, 'token=forged'))).status,
    ).toBe(404);
  });
});
