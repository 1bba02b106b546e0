import type { KubernetesStore } from '../store/KubernetesStore';
import type { KubernetesObject } from '../types';
import {
  fromSelectorObject,
  type LabelSelectorObject,
  matchesLabels,
} from '../selectors';
import { controllerOf, controllerRef, isControlledBy } from './objects';
import { type ControlledKind, refOf } from './refs';

/**
 * The objects of `kind` that `owner` controls, after adopting those that
 * match its selector and have no controller, as the real controllers do
 * (e.g. pods left behind by a `--cascade=orphan` delete).
 */
export function claim(
  store: KubernetesStore,
  owner: KubernetesObject,
  kind: ControlledKind,
  selector: LabelSelectorObject | undefined,
): KubernetesObject[] {
  const namespace = owner.metadata!.namespace!;
  const requirements =
    selector && (selector.matchLabels || selector.matchExpressions)
      ? fromSelectorObject(selector)
      : undefined;
  const claimed: KubernetesObject[] = [];
  for (const item of store.list(refOf(kind, namespace)).items) {
    if (isControlledBy(item, owner)) {
      claimed.push(item);
      continue;
    }
    if (!requirements || controllerOf(item) || item.metadata?.deletionTimestamp)
      continue;
    if (!matchesLabels(requirements, item.metadata?.labels)) continue;
    const adopted = structuredClone(item);
    adopted.metadata!.ownerReferences = [
      ...(adopted.metadata!.ownerReferences ?? []),
      controllerRef(owner),
    ];
    delete adopted.metadata!.resourceVersion;
    try {
      claimed.push(
        store.update(refOf(kind, namespace, item.metadata!.name), adopted),
      );
    } catch {
      // Gone or changed meanwhile: the next sync looks again.
    }
  }
  return claimed;
}
