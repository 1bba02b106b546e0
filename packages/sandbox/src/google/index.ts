export {
  startGoogleOAuthServer,
  GOOGLE_TOKEN_HOSTS,
  AZURE_TOKEN_HOST,
} from './server';
export type {
  AzureAccessToken,
  AzureClient,
  GoogleAccessToken,
  GoogleOAuthServer,
  GoogleOAuthServerOptions,
  GoogleServiceAccount,
} from './server';
