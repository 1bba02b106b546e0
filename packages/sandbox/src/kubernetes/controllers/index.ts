export { startControllers } from './startControllers';
export type { ControllerOptions, Controllers } from './startControllers';
export {
  DEFAULT_CRASHING_IMAGE_PATTERN,
  DEFAULT_FAILING_IMAGE_PATTERN,
} from './options';
export type { RolloutOptions } from './options';
export {
  DEFAULT_NODE_CAPACITY,
  DEFAULT_NODES,
  resolveNodes,
} from './nodes/nodeConfig';
export type { SandboxNode, SandboxNodeTaint } from './nodes/nodeConfig';
