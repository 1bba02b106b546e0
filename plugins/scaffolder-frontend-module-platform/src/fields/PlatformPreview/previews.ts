import type {
  ServiceEnvironment,
  ServiceEnvironments,
} from '@internal/plugin-platform-common';
import { describeExpiry } from './describeExpiry';

/** A preview of the service as the picker offers it. */
export interface PreviewChoice {
  suffix: string;
  namespace: string;
  cluster: string;
  expiresAt?: string;
  /** Why it cannot be extended; undefined when it can. */
  unavailable?: string;
  /** Its expiry (or why it cannot be extended) in words. */
  detail: string;
}

/**
 * The service's previews and whether each can be extended, by the rules
 * platform:service:environment:plan applies to kind extend-preview: the
 * service's own, with an expiry still ahead.
 */
export function previewChoices(
  existing: ServiceEnvironments,
  now: number,
): PreviewChoice[] {
  return existing.previews
    .filter((preview): preview is ServiceEnvironment & { suffix: string } =>
      Boolean(preview.suffix),
    )
    .map(preview => {
      let unavailable: string | undefined;
      if (preview.ownedBy !== existing.entityRef) {
        unavailable = preview.ownedBy
          ? `belongs to ${preview.ownedBy}`
          : 'was not made by the portal';
      } else if (!preview.expiresAt) {
        unavailable = 'has no expiry';
      } else if (Date.parse(preview.expiresAt) <= now) {
        unavailable = 'has expired; the preview reaper deletes it';
      }
      return {
        suffix: preview.suffix,
        namespace: preview.namespace,
        cluster: preview.cluster,
        expiresAt: preview.expiresAt,
        unavailable,
        detail: unavailable ?? describeExpiry(preview.expiresAt!, now),
      };
    })
    .sort((a, b) => a.suffix.localeCompare(b.suffix));
}

/**
 * Why `suffix` cannot be extended, as the plan step words it (rules
 * `existing-preview`, `own-preview`, `not-expired`); undefined when it can.
 */
export function previewProblem(
  suffix: string,
  existing: ServiceEnvironments,
  now: number,
): string | undefined {
  const choices = previewChoices(existing, now);
  const chosen = choices.find(choice => choice.suffix === suffix);
  if (!chosen) {
    const open = choices.filter(choice => !choice.unavailable);
    return `${existing.entityRef} has no preview '${suffix}' to extend; ${
      open.length
        ? `its previews: ${open.map(choice => choice.suffix).join(', ')}`
        : 'it has none: request a new preview instead'
    }`;
  }
  if (chosen.unavailable) {
    return `the preview '${suffix}' cannot be extended: it ${chosen.unavailable}`;
  }
  return undefined;
}
