import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { KubernetesTokenRule } from './auth';

/** An IAM identity the cluster's mapping (aws-auth, access entries) lets in. */
export interface AwsIamIdentity {
  /** The access key id the token is signed with, e.g. `AKIA...`. */
  accessKeyId: string;
  /** Its secret key, which STS checks the signature with. */
  secretAccessKey: string;
  /** The Kubernetes user it maps to. */
  user: string;
  /** What the user may do; everything without rules. */
  rules?: KubernetesTokenRule[];
}

/**
 * The AWS IAM authenticator of an EKS cluster: the id tokens must be signed
 * for (`x-k8s-aws-id`, the cluster's name on EKS) and the identities it maps.
 */
export interface AwsIamAuthentication {
  clusterId: string;
  identities: AwsIamIdentity[];
}

export const AWS_TOKEN_PREFIX = 'k8s-aws-v1.';

/** STS presigned URLs are valid for 15 minutes from `X-Amz-Date`, whatever `X-Amz-Expires` says. */
const PRESIGNED_URL_LIFETIME_MS = 15 * 60_000;
/** How far in the future `X-Amz-Date` may be (clock skew). */
const MAX_CLOCK_SKEW_MS = 15 * 60_000;
const STS_HOST = /^sts(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/;
const EMPTY_PAYLOAD_HASH = createHash('sha256').update('').digest('hex');

/** The reason a token is refused; the API server answers 401 for every one. */
export class AwsTokenError extends Error {}

/** RFC 3986 encoding, as SigV4 canonicalises query parameters. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function parseAmzDate(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) {
    throw new AwsTokenError(`X-Amz-Date is not a date: ${value}`);
  }
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

const hmac = (key: Buffer | string, data: string) =>
  createHmac('sha256', key).update(data).digest();

/**
 * Checks an EKS token as aws-iam-authenticator and STS together do: a
 * base64url STS `GetCallerIdentity` URL, presigned with SigV4 by a known
 * access key, with `x-k8s-aws-id` among its signed headers and signed as
 * this cluster's id, not older than 15 minutes. Returns the identity it maps to.
 */
export function verifyAwsToken(
  token: string,
  auth: AwsIamAuthentication,
  now = Date.now(),
): AwsIamIdentity {
  if (!token.startsWith(AWS_TOKEN_PREFIX)) {
    throw new AwsTokenError(`token does not start with ${AWS_TOKEN_PREFIX}`);
  }
  let url: URL;
  try {
    url = new URL(
      Buffer.from(token.slice(AWS_TOKEN_PREFIX.length), 'base64url').toString(
        'utf8',
      ),
    );
  } catch {
    throw new AwsTokenError('token is not a base64url-encoded URL');
  }
  if (
    url.protocol !== 'https:' ||
    !STS_HOST.test(url.hostname) ||
    url.port ||
    url.pathname !== '/'
  ) {
    throw new AwsTokenError(`token is not an STS URL: ${url.origin}`);
  }
  const query = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    if (query.has(key)) {
      throw new AwsTokenError(`query parameter ${key} is given twice`);
    }
    query.set(key, value);
  }
  const param = (key: string) => {
    const value = query.get(key);
    if (value === undefined) {
      throw new AwsTokenError(`presigned URL has no ${key}`);
    }
    return value;
  };
  if (param('Action') !== 'GetCallerIdentity') {
    throw new AwsTokenError('presigned URL is not a GetCallerIdentity call');
  }
  if (param('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    throw new AwsTokenError('presigned URL is not signed with SigV4');
  }
  const signedHeaders = param('X-Amz-SignedHeaders').split(';');
  if (!signedHeaders.includes('x-k8s-aws-id')) {
    throw new AwsTokenError('x-k8s-aws-id is not a signed header');
  }
  const expires = query.get('X-Amz-Expires');
  if (
    expires !== undefined &&
    (!/^\d+$/.test(expires) || Number(expires) > 900)
  ) {
    throw new AwsTokenError(
      `X-Amz-Expires must be 0 to 900 seconds, got ${expires}`,
    );
  }
  const amzDate = param('X-Amz-Date');
  const signedAt = parseAmzDate(amzDate);
  if (now > signedAt + PRESIGNED_URL_LIFETIME_MS) {
    throw new AwsTokenError(
      `X-Amz-Date parameter is expired (15 minute expiration) ${amzDate}`,
    );
  }
  if (signedAt > now + MAX_CLOCK_SKEW_MS) {
    throw new AwsTokenError(`X-Amz-Date is in the future: ${amzDate}`);
  }
  const [accessKeyId, shortDate, region, service, terminator, ...rest] =
    param('X-Amz-Credential').split('/');
  if (
    rest.length ||
    service !== 'sts' ||
    terminator !== 'aws4_request' ||
    shortDate !== amzDate.slice(0, 8)
  ) {
    throw new AwsTokenError('X-Amz-Credential is not an STS credential scope');
  }
  const identity = auth.identities.find(i => i.accessKeyId === accessKeyId);
  if (!identity) {
    throw new AwsTokenError(
      `The security token included in the request is invalid (access key ${accessKeyId})`,
    );
  }

  // STS recomputes the signature over the request aws-iam-authenticator
  // sends it: the URL, with the cluster's own id as x-k8s-aws-id.
  const headerValues: Record<string, string> = {
    host: url.host,
    'x-k8s-aws-id': auth.clusterId,
  };
  const canonicalHeaders = signedHeaders.map(name => {
    if (!(name in headerValues)) {
      throw new AwsTokenError(`signed header ${name} is not sent`);
    }
    return `${name}:${headerValues[name]}\n`;
  });
  const canonicalQuery = [...query]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [uriEncode(key), uriEncode(value)])
    // Byte order of the encoded names, as SigV4 sorts them.
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalRequest = [
    'GET',
    '/',
    canonicalQuery,
    canonicalHeaders.join(''),
    signedHeaders.join(';'),
    EMPTY_PAYLOAD_HASH,
  ].join('\n');
  const scope = `${shortDate}/${region}/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  let key: Buffer = hmac(`AWS4${identity.secretAccessKey}`, shortDate);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(param('X-Amz-Signature'), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AwsTokenError(
      'The request signature we calculated does not match the signature you provided',
    );
  }
  return identity;
}
