import type { Request } from 'express';

/** Where the REST API is mounted, as on GitHub Enterprise Server. */
export const API_PREFIX = '/api/v3';

/** `http://host[:port]` as the client addressed the server. */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

/** The URLs a response refers to, built from where the client reached the server. */
export interface Urls {
  /** Web root, e.g. `http://127.0.0.1:1234`. */
  web: string;
  /** API root, e.g. `http://127.0.0.1:1234/api/v3`. */
  api: string;
}

export function urlsOf(req: Request): Urls {
  const web = baseUrl(req);
  return { web, api: `${web}${API_PREFIX}` };
}

/** Encodes each segment of a path, keeping its slashes. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
