export {
  buildDashboard,
  dashboardUid,
  DATASOURCE_VARIABLE,
} from './buildDashboard';
