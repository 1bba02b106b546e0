import type { IncomingMessage } from 'node:http';

/**
 * The token a git client sent: the password of Basic credentials (any user
 * name, e.g. `x-access-token`, or the token as user name with no password,
 * as GitHub accepts), or an `Authorization: token|Bearer <token>` header.
 */
export function readGitToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) {
    return undefined;
  }
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) {
    return undefined;
  }
  switch (scheme.toLowerCase()) {
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon < 0 ? decoded : decoded.slice(0, colon);
      const password = colon < 0 ? '' : decoded.slice(colon + 1);
      return password || user || undefined;
    }
    case 'token':
    case 'bearer':
      return value;
    default:
      return undefined;
  }
}
