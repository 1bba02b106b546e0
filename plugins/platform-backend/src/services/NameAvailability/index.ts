export type {
  NameAvailabilityService,
  RepositoryLocation,
} from './NameAvailabilityService';
export {
  DefaultNameAvailabilityService,
  AVAILABILITY_CACHE_MS,
} from './DefaultNameAvailabilityService';
