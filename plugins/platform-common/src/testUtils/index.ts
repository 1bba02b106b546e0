/**
 * Helpers for the tests of packages built on the golden-path contract.
 *
 * @packageDocumentation
 */
export { startGoldenPathSkeleton } from './goldenPathSkeleton';
export {
  AI_INFERENCE_SKELETON_DIR,
  DEBIAN_PYTHON,
  PYTHON_SKELETON_DIR,
  pythonSkeletonEnv,
  startPythonSkeleton,
} from './pythonSkeleton';
export type { LogEntry, PythonSkeleton } from './pythonSkeleton';
export { loadPortalConfig, portalPlatformConfig } from './portalConfig';
