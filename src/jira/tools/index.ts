import { jiraGetIssue, jiraSearch } from './issues.js';

export const jiraTools = [jiraSearch, jiraGetIssue] as const;
