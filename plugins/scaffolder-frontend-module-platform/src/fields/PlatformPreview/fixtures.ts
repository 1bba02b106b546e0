import type {
  ServiceEnvironment,
  ServiceEnvironments,
} from '@internal/plugin-platform-common';
import { webEnvironments } from '../PlatformDeployment/fixtures';

const HOUR_MS = 60 * 60 * 1000;

function preview(
  suffix: string,
  fields: Partial<ServiceEnvironment>,
): ServiceEnvironment {
  return {
    name: `preview-${suffix}`,
    title: `Preview ${suffix}`,
    cluster: 'nonprod-cluster',
    namespace: `web-preview-${suffix}`,
    present: true,
    suffix,
    ...fields,
  };
}

/**
 * What the platform backend answers for web at `now`: pr-42 expiring in
 * 5 h 20 min, pr-7 expired an hour ago, and pr-9, a namespace by that name
 * another entity holds.
 */
export function webWithPreviews(now: number): ServiceEnvironments {
  return {
    ...webEnvironments,
    previews: [
      preview('pr-9', {
        ownedBy: 'component:default/other',
        expiresAt: new Date(now + 48 * HOUR_MS).toISOString(),
      }),
      preview('pr-42', {
        ownedBy: 'component:default/web',
        expiresAt: new Date(now + 5 * HOUR_MS + 20 * 60 * 1000).toISOString(),
      }),
      preview('pr-7', {
        ownedBy: 'component:default/web',
        expiresAt: new Date(now - HOUR_MS).toISOString(),
      }),
    ],
  };
}
