export { platformApiRef } from './platformApiRef';
export { platformApi } from './platformApi';
