import { createVerify, randomBytes, randomUUID } from 'node:crypto';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import express, {
  type NextFunction,
  type Request,
  type Response,
} from 'express';
import { selfSignedCertificate } from '../http/certificate';
import { listenOnLoopback, type TlsCredentials } from '../http/listen';
import { RequestLog } from '../http/requestLog';
import type { SandboxLogger } from '../logger';

/** A service account whose key signs the JWT assertions the token endpoint accepts. */
export interface GoogleServiceAccount {
  /** `client_email` of its key, e.g. `portal@project.iam.gserviceaccount.com`. */
  email: string;
  /** The PEM public key of its private key (`private_key` of the key file). */
  publicKey: string;
}

/** An access token the token endpoint issued. */
export interface GoogleAccessToken {
  email: string;
  scopes: string[];
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** An application registered in Microsoft Entra ID, with a client secret. */
export interface AzureClient {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** An access token Entra ID issued to a client for a resource. */
export interface AzureAccessToken {
  tenantId: string;
  clientId: string;
  /** The resource (application id) the token is for: `aud`. */
  audience: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface CloudTokenServerOptions {
  serviceAccounts: GoogleServiceAccount[];
  /** Clients of Entra ID's token endpoint, also served through the proxy. */
  azureClients?: AzureClient[];
  logger?: SandboxLogger;
}

/**
 * Google's OAuth token endpoint, reached as Google client libraries reach
 * it: they post to `https://www.googleapis.com/oauth2/v4/token` (the key
 * file's `token_uri` is not what they read), so the server is an HTTPS proxy
 * (`HTTPS_PROXY`) that serves Google's token hosts itself, with a
 * certificate of its own to trust, and refuses every other host. The same
 * proxy serves Microsoft Entra ID's token host, `login.microsoftonline.com`,
 * as @azure/identity reaches it: client credentials posted to
 * `/<tenant>/oauth2/v2.0/token`.
 */
export interface CloudTokenServer {
  /** `http://127.0.0.1:<port>`: the proxy URL, also serving `/token` over plain HTTP. */
  url: string;
  /** The PEM certificate it serves Google's hosts with, to trust as a CA. */
  caCert: string;
  /** The access token's service account and scopes; undefined when it was never issued. */
  accessToken(token: string): GoogleAccessToken | undefined;
  /** The Entra access token's client and resource; undefined when it was never issued. */
  azureAccessToken(token: string): AzureAccessToken | undefined;
  requests: RequestLog;
  stop(): Promise<void>;
}

/** The hosts Google's libraries post JWT assertions to. */
export const GOOGLE_TOKEN_HOSTS = [
  'www.googleapis.com',
  'oauth2.googleapis.com',
];
/** Microsoft Entra ID's token host (the public cloud's). */
export const AZURE_TOKEN_HOST = 'login.microsoftonline.com';
const TOKEN_HOSTS = [...GOOGLE_TOKEN_HOSTS, AZURE_TOKEN_HOST];
const TOKEN_PATHS = ['/oauth2/v4/token', '/token'];
const AZURE_TOKEN_PATH = '/:tenant/oauth2/v2.0/token';
const CLIENT_CREDENTIALS = 'client_credentials';
/** Entra's access tokens last 60 to 90 minutes; the sandbox's an hour. */
const AZURE_ACCESS_TOKEN_LIFETIME_S = 3599;
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google takes assertions of at most an hour, with a little clock skew. */
const MAX_ASSERTION_LIFETIME_S = 3600;
const CLOCK_SKEW_S = 300;
const ACCESS_TOKEN_LIFETIME_S = 3599;

class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(`${error}: ${description}`);
  }
}

/** An error of Entra ID's token endpoint, in its JSON form. */
class EntraError extends Error {
  constructor(
    readonly error: string,
    readonly code: number,
    readonly description: string,
    readonly status = 400,
  ) {
    super(`${error}: AADSTS${code}: ${description}`);
  }

  body() {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19);
    return {
      error: this.error,
      error_description: `AADSTS${this.code}: ${this.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}Z`,
      error_codes: [this.code],
      timestamp: `${timestamp}Z`,
      trace_id: traceId,
      correlation_id: correlationId,
    };
  }
}

/**
 * Checks a client credentials request as Entra ID's v2.0 token endpoint
 * does: the tenant and the client known, the secret the client's, and one
 * `.default` scope naming the resource the token is for.
 */
export function grantClientCredentials(
  tenant: string,
  body: Record<string, unknown>,
  clients: AzureClient[],
): { tenantId: string; clientId: string; audience: string } {
  if (body.grant_type !== CLIENT_CREDENTIALS) {
    throw new EntraError(
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${String(
        body.grant_type ?? '',
      )}'.`,
    );
  }
  if (!clients.some(client => client.tenantId === tenant)) {
    throw new EntraError(
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  if (typeof body.client_id !== 'string' || !body.client_id) {
    throw new EntraError(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  const client = clients.find(
    candidate =>
      candidate.tenantId === tenant && candidate.clientId === body.client_id,
  );
  if (!client) {
    throw new EntraError(
      'unauthorized_client',
      700016,
      `Application with identifier '${body.client_id}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  if (typeof body.client_secret !== 'string' || !body.client_secret) {
    throw new EntraError(
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      401,
    );
  }
  if (body.client_secret !== client.clientSecret) {
    throw new EntraError(
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
      401,
    );
  }
  const scopes =
    typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [];
  const resourceScopes = scopes.filter(
    scope => !['openid', 'profile', 'offline_access'].includes(scope),
  );
  if (resourceScopes.length !== 1 || !resourceScopes[0].endsWith('/.default')) {
    throw new EntraError(
      'invalid_scope',
      1002012,
      `The provided value for scope ${String(
        body.scope ?? '',
      )} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  return {
    tenantId: tenant,
    clientId: client.clientId,
    audience: resourceScopes[0].slice(0, -'/.default'.length),
  };
}

/** An opaque token shaped like Entra's (a JWT), not meant to be read. */
function azureAccessTokenFor(granted: {
  tenantId: string;
  clientId: string;
  audience: string;
}): string {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return [
    part({ typ: 'JWT', alg: 'RS256' }),
    part({
      aud: granted.audience,
      iss: `https://sts.windows.net/${granted.tenantId}/`,
      appid: granted.clientId,
      tid: granted.tenantId,
      iat: now,
      exp: now + AZURE_ACCESS_TOKEN_LIFETIME_S,
      jti: randomUUID(),
    }),
    randomBytes(32).toString('base64url'),
  ].join('.');
}

function decodePart(part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value;
    }
  } catch {
    // answered below
  }
  throw new OAuthError('invalid_grant', `Invalid JWT: ${what} is not JSON`);
}

/**
 * Checks a JWT bearer assertion as Google's token endpoint does: RS256,
 * signed by the key of the service account named by `iss`, `aud` the URL
 * it was posted to, at most an hour long and current, with scopes.
 */
export function verifyAssertion(
  assertion: string,
  options: {
    serviceAccounts: GoogleServiceAccount[];
    audience: string;
    now?: number;
  },
): { email: string; scopes: string[] } {
  const parts = assertion.split('.');
  if (parts.length !== 3) {
    throw new OAuthError('invalid_grant', 'Invalid JWT: not a signed JWT');
  }
  const header = decodePart(parts[0], 'header');
  const claims = decodePart(parts[1], 'payload');
  if (header.alg !== 'RS256') {
    throw new OAuthError(
      'invalid_grant',
      `Invalid JWT: alg must be RS256, got ${String(header.alg)}`,
    );
  }
  const account = options.serviceAccounts.find(
    candidate => candidate.email === claims.iss,
  );
  if (!account) {
    throw new OAuthError(
      'invalid_grant',
      `Invalid grant: account not found (${String(claims.iss)})`,
    );
  }
  const signatureOk = createVerify('RSA-SHA256')
    .update(`${parts[0]}.${parts[1]}`)
    .verify(account.publicKey, Buffer.from(parts[2], 'base64url'));
  if (!signatureOk) {
    throw new OAuthError('invalid_grant', 'Invalid JWT Signature.');
  }
  if (claims.aud !== options.audience) {
    throw new OAuthError(
      'invalid_grant',
      `Invalid JWT: aud must be ${options.audience}, got ${String(claims.aud)}`,
    );
  }
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const { iat, exp } = claims;
  if (
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    exp <= iat ||
    exp - iat > MAX_ASSERTION_LIFETIME_S ||
    iat > now + CLOCK_SKEW_S ||
    exp < now - CLOCK_SKEW_S
  ) {
    throw new OAuthError(
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }
  const scopes =
    typeof claims.scope === 'string'
      ? claims.scope.split(' ').filter(Boolean)
      : [];
  if (!scopes.length) {
    throw new OAuthError(
      'invalid_scope',
      'Invalid OAuth scope or ID token audience provided.',
    );
  }
  return { email: account.email, scopes };
}

function tokenHostsCertificate(): TlsCredentials {
  return selfSignedCertificate(
    'sandbox cloud token endpoints',
    TOKEN_HOSTS.map(value => ({ type: 2 as const, value })),
  );
}

/** Starts the token endpoint and the proxy in front of it on a free loopback port. */
export async function startCloudTokenServer(
  options: CloudTokenServerOptions,
): Promise<CloudTokenServer> {
  const tokens = new Map<string, GoogleAccessToken>();
  const azureTokens = new Map<string, AzureAccessToken>();
  const requests = new RequestLog({
    userOf: (_req, res) => res.locals.email ?? res.locals.clientId,
    isWrite: () => false,
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(requests.middleware());
  // Through the proxy, each token host serves its own provider's path only.
  const servedOn =
    (hosts: string[]) => (req: Request, _res: Response, next: NextFunction) =>
      (req.socket as { encrypted?: boolean }).encrypted &&
      !hosts.includes(req.hostname)
        ? next('route')
        : next();
  app.post(
    TOKEN_PATHS,
    servedOn(GOOGLE_TOKEN_HOSTS),
    express.urlencoded({ extended: false }),
    (req: Request, res: Response) => {
      try {
        if (req.body?.grant_type !== JWT_BEARER) {
          throw new OAuthError(
            'unsupported_grant_type',
            `Invalid grant_type: ${req.body?.grant_type ?? ''}`,
          );
        }
        if (typeof req.body.assertion !== 'string') {
          throw new OAuthError('invalid_request', 'Missing assertion');
        }
        const host = req.headers.host ?? '';
        const scheme = (req.socket as { encrypted?: boolean }).encrypted
          ? 'https'
          : 'http';
        const granted = verifyAssertion(req.body.assertion, {
          serviceAccounts: options.serviceAccounts,
          audience: `${scheme}://${host}${req.path}`,
        });
        const accessToken = `ya29.sandbox-${randomBytes(24).toString(
          'base64url',
        )}`;
        tokens.set(accessToken, {
          ...granted,
          expiresAt: Date.now() + ACCESS_TOKEN_LIFETIME_S * 1000,
        });
        res.locals.email = granted.email;
        res.json({
          access_token: accessToken,
          expires_in: ACCESS_TOKEN_LIFETIME_S,
          token_type: 'Bearer',
        });
      } catch (error) {
        if (error instanceof OAuthError) {
          res
            .status(error.status)
            .json({ error: error.error, error_description: error.description });
          return;
        }
        options.logger?.error(`Google token request failed: ${error}`);
        res.status(500).json({ error: 'internal_failure' });
      }
    },
  );

  app.post(
    AZURE_TOKEN_PATH,
    servedOn([AZURE_TOKEN_HOST]),
    express.urlencoded({ extended: false }),
    (req: Request, res: Response) => {
      try {
        const granted = grantClientCredentials(
          req.params.tenant,
          req.body ?? {},
          options.azureClients ?? [],
        );
        const accessToken = azureAccessTokenFor(granted);
        azureTokens.set(accessToken, {
          ...granted,
          expiresAt: Date.now() + AZURE_ACCESS_TOKEN_LIFETIME_S * 1000,
        });
        res.locals.clientId = granted.clientId;
        res.json({
          token_type: 'Bearer',
          expires_in: AZURE_ACCESS_TOKEN_LIFETIME_S,
          ext_expires_in: AZURE_ACCESS_TOKEN_LIFETIME_S,
          access_token: accessToken,
        });
      } catch (error) {
        if (error instanceof EntraError) {
          res.status(error.status).json(error.body());
          return;
        }
        options.logger?.error(`Entra token request failed: ${error}`);
        res.status(500).json({ error: 'server_error' });
      }
    },
  );

  const certificate = tokenHostsCertificate();
  // Google's hosts, reached through the proxy: a TLS server that never
  // listens, handed the tunnelled connections.
  const tlsServer = createTlsServer(
    { key: certificate.key, cert: certificate.cert },
    app,
  );
  const tunnels = new Set<Socket>();
  const proxy = await listenOnLoopback(app);
  proxy.server.on('connect', (req, socket: Socket, head: Buffer) => {
    const [host, port] = (req.url ?? '').split(':');
    if (!TOKEN_HOSTS.includes(host) || port !== '443') {
      socket.end(
        'HTTP/1.1 403 Forbidden\r\n\r\nThe sandbox reaches no host but Google and Entra ID token endpoints',
      );
      return;
    }
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n', () => {
      if (head.length) socket.unshift(head);
      tlsServer.emit('connection', socket);
    });
  });

  return {
    url: proxy.url,
    caCert: certificate.cert,
    accessToken: token => tokens.get(token),
    azureAccessToken: token => azureTokens.get(token),
    requests,
    stop: async () => {
      for (const socket of tunnels) socket.destroy();
      await proxy.close();
    },
  };
}
