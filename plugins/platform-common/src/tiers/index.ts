export {
  resourceQuotaHard,
  limitRangeLimits,
  containerResources,
} from './resources';
