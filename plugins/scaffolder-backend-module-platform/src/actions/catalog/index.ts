export { createRegisterCatalogAction } from './createRegisterCatalogAction';
export { createUnregisterCatalogAction } from './createUnregisterCatalogAction';
