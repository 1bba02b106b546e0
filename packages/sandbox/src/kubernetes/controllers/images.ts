import { createHash } from 'node:crypto';

/** How images look once a container runtime has resolved them. */

/** `nginx:1.25` → `docker.io/library/nginx:1.25`, as containerd reports it. */
export function normalizeImage(image: string): string {
  let name = image;
  const firstSlash = name.indexOf('/');
  const first = firstSlash < 0 ? '' : name.slice(0, firstSlash);
  const hasRegistry =
    first.includes('.') || first.includes(':') || first === 'localhost';
  if (!hasRegistry)
    name = `docker.io/${firstSlash < 0 ? `library/${name}` : name}`;
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  if (!lastSegment.includes(':') && !name.includes('@'))
    name = `${name}:latest`;
  return name;
}

function sha256(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

/** `docker.io/library/nginx@sha256:…`, a digest that stays the same for the same image. */
export function imageId(image: string): string {
  const normalized = normalizeImage(image);
  const repository = normalized.includes('@')
    ? normalized.split('@')[0]
    : normalized.replace(/:[^:/]+$/, '');
  return `${repository}@sha256:${sha256(normalized)}`;
}

export function containerId(
  podUid: string,
  container: string,
  restart: number,
): string {
  return `containerd://${sha256(`${podUid}/${container}/${restart}`)}`;
}

/** A plausible compressed size for the pull message, stable per image. */
export function imageSize(image: string): number {
  return 20_000_000 + (parseInt(sha256(image).slice(0, 6), 16) % 100_000_000);
}

/** Go's time.Duration formatting for the short durations of pull messages: `850ms`, `1.5s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(3))}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${Number(((ms % 60_000) / 1000).toFixed(3))}s`;
}
