// The sandbox Jira lives in ./jira/ (one file per family of routes); this keeps server.ts's import.
export { jiraRoutes } from './jira/index.js';
