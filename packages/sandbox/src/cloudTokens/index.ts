export {
  startCloudTokenServer,
  GOOGLE_TOKEN_HOSTS,
  AZURE_TOKEN_HOST,
} from './server';
export type {
  AzureAccessToken,
  AzureClient,
  GoogleAccessToken,
  CloudTokenServer,
  CloudTokenServerOptions,
  GoogleServiceAccount,
} from './server';
