import type { Request, Response } from 'express';
import type { ResourceKind } from './resources';
import type { KubernetesStore } from './store/KubernetesStore';
import type { WatchOptions } from './store/types';
import { toTable } from './table';
import type { KubernetesObject, ResourceRef, WatchEvent } from './types';

/** How often a watch that allows bookmarks gets one, so clients can resume cheaply. */
export const BOOKMARK_INTERVAL_MS = 15_000;
/** Watches end by themselves after this long when the client gave no timeoutSeconds. */
const DEFAULT_TIMEOUT_SECONDS = 1800;

export interface WatchRequest {
  ref: ResourceRef;
  kind: ResourceKind;
  apiVersion: string;
  options: WatchOptions;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
  /** Rows of a Table instead of objects (`kubectl get -w`). */
  table?: { includeObject?: string };
}

/** The open watches of each store's server, so they can be dropped. */
const openWatches = new WeakMap<KubernetesStore, Set<Request>>();

/**
 * Cuts the connection of every open watch on the store, as an API server
 * restart or a load balancer's idle timeout does; returns how many.
 */
export function dropWatches(store: KubernetesStore): number {
  const open = [...(openWatches.get(store) ?? [])];
  for (const req of open) req.socket.destroy();
  return open.length;
}

/**
 * Streams a watch as newline-delimited JSON `{type, object}` events until the
 * timeout, the client going away, the server closing, or an ERROR event
 * (e.g. 410 Expired for a resourceVersion too old), after which the real API
 * server ends the stream too.
 */
export function serveWatch(
  store: KubernetesStore,
  req: Request,
  res: Response,
  watch: WatchRequest,
) {
  res.status(200);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Transfer-Encoding', 'chunked');
  res.setHeader('Cache-Control', 'no-cache, private');
  res.flushHeaders();

  const open = openWatches.get(store) ?? new Set<Request>();
  openWatches.set(store, open);
  open.add(req);
  let ended = false;
  let failed = false;
  let started = false;
  const send = (event: WatchEvent) => {
    if (ended) return;
    let object: KubernetesObject = event.object;
    if (event.type !== 'ERROR' && event.type !== 'BOOKMARK') {
      if (watch.table) {
        object = toTable(watch.kind, [object], {
          includeObject: watch.table.includeObject,
          noHeaders: true,
        });
      }
    }
    if (
      event.type === 'BOOKMARK' &&
      !watch.allowBookmarks &&
      !watch.options.sendInitialEvents
    )
      return;
    res.write(`${JSON.stringify({ type: event.type, object })}\n`);
    if (event.type === 'ERROR') {
      // The store may answer while the watch is being set up, before there
      // is anything to stop.
      if (started) finish();
      else failed = true;
    }
  };

  const handle = store.watch(watch.ref, watch.options, send);
  started = true;
  const bookmarks = watch.allowBookmarks
    ? setInterval(() => {
        send({
          type: 'BOOKMARK',
          object: {
            kind: watch.kind.kind,
            apiVersion: watch.apiVersion,
            metadata: { resourceVersion: store.currentResourceVersion },
          },
        });
      }, BOOKMARK_INTERVAL_MS)
    : undefined;
  const timeout = setTimeout(
    finish,
    (watch.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
  );
  req.on('close', finish);
  res.on('close', finish);
  if (failed) finish();

  function finish() {
    if (ended) return;
    ended = true;
    open.delete(req);
    handle.stop();
    clearInterval(bookmarks);
    clearTimeout(timeout);
    res.end();
  }
}
