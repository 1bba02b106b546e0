export { FaultInjector, parseRuleJson } from './FaultInjector';
export type {
  FaultHandle,
  FaultInjectorOptions,
  FaultRule,
  FaultRuleJson,
} from './FaultInjector';
