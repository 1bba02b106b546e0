export {
  createFailTaskAction,
  ProvisioningFailedError,
} from './createFailTaskAction';
