/**
 * Helpers for the tests of the platform's scaffolder actions.
 *
 * @packageDocumentation
 */
export { capturingLogger, runAction } from './runAction';
