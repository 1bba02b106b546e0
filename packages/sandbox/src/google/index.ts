export { startGoogleOAuthServer, GOOGLE_TOKEN_HOSTS } from './server';
export type {
  GoogleAccessToken,
  GoogleOAuthServer,
  GoogleOAuthServerOptions,
  GoogleServiceAccount,
} from './server';
