export { dashboardUid, readDashboardBaseUrl } from './dashboards';
