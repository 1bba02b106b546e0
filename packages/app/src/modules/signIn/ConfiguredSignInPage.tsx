import {
  SignInPage,
  type SignInProviderConfig,
} from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';

const github: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

export function ConfiguredSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const names = config.getOptionalStringArray('app.signIn.providers') ?? [
    'guest',
  ];
  const providers = names.map(name => {
    if (name === 'guest') return 'guest' as const;
    if (name === 'github') return github;
    throw new Error(
      `Invalid app.signIn.providers entry '${name}': expected 'guest' or 'github'`,
    );
  });
  // The page's header shows `app.title`; the heading names the organisation's portal.
  const title = config.getOptionalString('app.title') ?? 'Developer Portal';
  const organization = config.getOptionalString('organization.name');
  return (
    <SignInPage
      {...props}
      title={`Sign in to ${
        organization ? `${organization}'s ` : 'the '
      }${title}`}
      align="center"
      providers={providers}
    />
  );
}
