/**
 * Helpers for the tests of packages built on the golden-path contract.
 *
 * @packageDocumentation
 */
export { startGoldenPathSkeleton } from './goldenPathSkeleton';
