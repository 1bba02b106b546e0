import type { KubernetesObject } from '../types';

/**
 * events.k8s.io/v1 Events are a second view of the core/v1 Events, as on a
 * real cluster: one store, fields renamed. These pairs map one onto the other.
 */
const RENAMED: Array<[core: string, events: string]> = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['reportingComponent', 'reportingController'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
];
const SHARED = [
  'metadata',
  'reason',
  'type',
  'eventTime',
  'series',
  'action',
  'related',
  'reportingInstance',
];

export function coreEventToEventsV1(event: KubernetesObject): KubernetesObject {
  const out: KubernetesObject = {
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
  };
  for (const key of SHARED) {
    if (event[key] !== undefined) out[key] = event[key];
  }
  for (const [core, events] of RENAMED) {
    if (event[core] !== undefined) out[events] = event[core];
  }
  return out;
}

export function eventsV1ToCoreEvent(event: KubernetesObject): KubernetesObject {
  const out: KubernetesObject = { kind: 'Event', apiVersion: 'v1' };
  for (const key of SHARED) {
    if (event[key] !== undefined) out[key] = event[key];
  }
  for (const [core, events] of RENAMED) {
    if (event[events] !== undefined) out[core] = event[events];
  }
  return out;
}

/** Field selectors of events.k8s.io name the same fields as core ones. */
export function eventsV1FieldToCore(field: string): string {
  for (const [core, events] of RENAMED) {
    if (field === events || field.startsWith(`${events}.`)) {
      return core + field.slice(events.length);
    }
  }
  return field;
}
