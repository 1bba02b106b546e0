/** What a URL under `/api` or `/apis` addresses. */
export type ApiPath =
  | { type: 'coreVersions' }
  | { type: 'groupList' }
  | { type: 'group'; group: string }
  | { type: 'resourceList'; group: string; version: string }
  | {
      type: 'resource';
      group: string;
      version: string;
      resource: string;
      namespace?: string;
      name?: string;
      subresource?: string;
      /** The deprecated `/watch/` form of a watch. */
      watchPath: boolean;
    };

/** Subresources of a namespace, which would otherwise read as a resource inside it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Parses a request path; undefined when it is not an API path the server knows the shape of. */
export function parseApiPath(path: string): ApiPath | undefined {
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length === 1) return { type: 'coreVersions' };
    if (segments[1] !== 'v1') return undefined;
    group = '';
    version = 'v1';
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    if (segments.length === 1) return { type: 'groupList' };
    if (segments.length === 2) return { type: 'group', group: segments[1] };
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  if (!rest.length) return { type: 'resourceList', group, version };
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2]))
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (!rest.length || rest.length > 3) return undefined;
  return {
    type: 'resource',
    group,
    version,
    resource: rest[0],
    namespace,
    name: rest[1],
    subresource: rest[2],
    watchPath,
  };
}
