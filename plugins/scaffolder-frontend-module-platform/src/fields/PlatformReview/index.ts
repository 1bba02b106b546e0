// The component loads with the field (see extension.ts), not with the app.
export { platformReviewField } from './extension';
