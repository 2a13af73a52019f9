/** The city dashboard's main query and variables: the IDE's CityDashboard example is the repository's one copy. */
export { CITY_DASHBOARD_QUERY as DASHBOARD_QUERY, CITY_DASHBOARD_VARIABLES as DASHBOARD_VARIABLES } from '../../src/ide/ide.examples';
