import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Replaces the app's default guest-only sign-in page with one that offers
 * the providers listed in `app.signIn.providers`: guest in the embedded
 * default, GitHub in production.
 */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () =>
          (await import('./ConfiguredSignInPage')).ConfiguredSignInPage,
      },
    }),
  ],
});
