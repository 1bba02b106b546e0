export { buildDashboard, DATASOURCE_VARIABLE } from './buildDashboard';
