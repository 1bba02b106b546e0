export { createEnsureRepositoryAction } from './createEnsureRepositoryAction';
export { createDeleteRepositoryAction } from './createDeleteRepositoryAction';
