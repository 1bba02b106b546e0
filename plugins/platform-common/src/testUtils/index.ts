/**
 * Helpers for the tests of packages built on the golden-path contract.
 *
 * @packageDocumentation
 */
export { startGoldenPathSkeleton } from './goldenPathSkeleton';
export { loadPortalConfig, portalPlatformConfig } from './portalConfig';
