export { deploymentStatusApiRef } from './deploymentStatusApiRef';
export { deploymentStatusApi } from './deploymentStatusApi';
