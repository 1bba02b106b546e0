// The component and its validation load with the field (see extension.ts), not with the app.
export { platformDeploymentField } from './extension';
export type {
  PlatformDeploymentValue,
  PlatformDeploymentUiOptions,
} from './schema';
