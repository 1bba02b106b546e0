import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { useTestSandbox } from '@internal/sandbox/testUtils';
import { PlatformGitHub } from './PlatformGitHub';

const withAnnotations = (annotations: Record<string, string>) => ({
  metadata: { annotations },
});

describe('PlatformGitHub', () => {
  const sandbox = useTestSandbox({});
  const logger = mockServices.logger.mock();

  it("finds an entity's repository on its source location's host, else on the first GitHub host", () => {
    const github = PlatformGitHub.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'ghe.acme.example',
              apiBaseUrl: 'https://ghe.acme.example/api/v3',
            },
            { host: 'github.com' },
          ],
        },
      }),
      { logger },
    );
    expect(
      github.repositoryOf(
        withAnnotations({
          'github.com/project-slug': 'acme/web',
          'backstage.io/source-location':
            'url:https://github.com/acme/web/tree/main/',
        }),
      ),
    ).toEqual({ host: 'github.com', owner: 'acme', repo: 'web' });
    expect(
      github.repositoryOf(
        withAnnotations({
          'github.com/project-slug': 'acme/web',
          'backstage.io/source-location': 'url:https://gitlab.example/x/y',
        }),
      ),
    ).toEqual({ host: 'ghe.acme.example', owner: 'acme', repo: 'web' });
    expect(github.repositoryOf(withAnnotations({}))).toBeUndefined();
    expect(
      github.repositoryOf(
        withAnnotations({ 'github.com/project-slug': 'not-a-slug' }),
      ),
    ).toBeUndefined();
  });

  it('calls the host with the credentials of its integration', async () => {
    const github = PlatformGitHub.fromConfig(
      new ConfigReader(sandbox.config()),
      { logger },
    );
    const ref = github.repositoryOf(
      withAnnotations({ 'github.com/project-slug': 'acme/web' }),
    )!;
    const octokit = await github.octokitFor(ref);
    const { data } = await octokit.rest.users.getAuthenticated();
    expect(data.login).toBe('octo-admin');
    await expect(
      github.octokitFor({ ...ref, host: 'elsewhere.example' }),
    ).rejects.toThrow('No GitHub integration for elsewhere.example');
  });
});
