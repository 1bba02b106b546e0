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

/**
 * Streams a watch as newline-delimited JSON `{type, object}` events until the
 * timeout, the client going away, or the server closing.
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

  let ended = false;
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
  };

  const handle = store.watch(watch.ref, watch.options, send);
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

  function finish() {
    if (ended) return;
    ended = true;
    handle.stop();
    clearInterval(bookmarks);
    clearTimeout(timeout);
    res.end();
  }
}
