/**
 * The platform permission policy: signed-in users may read the catalog and
 * use templates, owners and admin groups may delete entities.
 *
 * @packageDocumentation
 */

export { permissionModulePlatformPolicy as default } from './module';
