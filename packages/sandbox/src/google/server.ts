import { createVerify, randomBytes } from 'node:crypto';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import express, { type Request, type Response } from 'express';
import { generate } from 'selfsigned';
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

export interface GoogleOAuthServerOptions {
  serviceAccounts: GoogleServiceAccount[];
  logger?: SandboxLogger;
}

/**
 * Google's OAuth token endpoint, reached as Google client libraries reach
 * it: they post to `https://www.googleapis.com/oauth2/v4/token` (the key
 * file's `token_uri` is not what they read), so the server is an HTTPS proxy
 * (`HTTPS_PROXY`) that serves Google's token hosts itself, with a
 * certificate of its own to trust, and refuses every other host.
 */
export interface GoogleOAuthServer {
  /** `http://127.0.0.1:<port>`: the proxy URL, also serving `/token` over plain HTTP. */
  url: string;
  /** The PEM certificate it serves Google's hosts with, to trust as a CA. */
  caCert: string;
  /** The access token's service account and scopes; undefined when it was never issued. */
  accessToken(token: string): GoogleAccessToken | undefined;
  requests: RequestLog;
  stop(): Promise<void>;
}

/** The hosts Google's libraries post JWT assertions to. */
export const GOOGLE_TOKEN_HOSTS = [
  'www.googleapis.com',
  'oauth2.googleapis.com',
];
const TOKEN_PATHS = ['/oauth2/v4/token', '/token'];
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

function googleCertificate(): TlsCredentials {
  const pems = generate([{ name: 'commonName', value: 'sandbox Google' }], {
    days: 3650,
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: GOOGLE_TOKEN_HOSTS.map(value => ({ type: 2, value })),
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** Starts the token endpoint and the proxy in front of it on a free loopback port. */
export async function startGoogleOAuthServer(
  options: GoogleOAuthServerOptions,
): Promise<GoogleOAuthServer> {
  const tokens = new Map<string, GoogleAccessToken>();
  const requests = new RequestLog({
    userOf: (_req, res) => res.locals.email,
    isWrite: () => false,
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(requests.middleware());
  app.post(
    TOKEN_PATHS,
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

  const certificate = googleCertificate();
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
    if (!GOOGLE_TOKEN_HOSTS.includes(host) || port !== '443') {
      socket.end(
        'HTTP/1.1 403 Forbidden\r\n\r\nThe sandbox reaches no host but Google token endpoints',
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
    requests,
    stop: async () => {
      for (const socket of tunnels) socket.destroy();
      await proxy.close();
    },
  };
}
