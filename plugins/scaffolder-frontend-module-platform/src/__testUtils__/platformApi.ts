import type { PlatformApi } from '@internal/plugin-platform-common';

/**
 * A platform API answering with the given methods; any other method fails
 * the test that calls it, naming itself.
 */
export function platformApiWith(methods: Partial<PlatformApi>): PlatformApi {
  const unexpected = (method: string) => () =>
    Promise.reject(new Error(`${method} was not expected in this test`));
  return {
    getConfig: unexpected('getConfig'),
    getNameAvailability: unexpected('getNameAvailability'),
    getServiceEnvironments: unexpected('getServiceEnvironments'),
    ...methods,
  };
}
