export {
  FAILURE_OUTPUTS,
  ON_FAILURE_INPUT,
  withFailureReport,
  type OnFailure,
} from './withFailureReport';
