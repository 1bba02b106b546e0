export { DeploymentHealth } from './DeploymentHealth';
