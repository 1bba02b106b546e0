export { startControllers } from './startControllers';
export type { Controllers } from './startControllers';
export {
  DEFAULT_CRASHING_IMAGE_PATTERN,
  DEFAULT_FAILING_IMAGE_PATTERN,
} from './options';
export type { RolloutOptions } from './options';
export { NODE_NAME } from './ControllerContext';
