export type {
  ServiceEnvironmentsService,
  ServiceRef,
} from './ServiceEnvironmentsService';
export { DefaultServiceEnvironmentsService } from './DefaultServiceEnvironmentsService';
