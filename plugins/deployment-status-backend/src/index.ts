export { deploymentStatusPlugin as default } from './plugin';
