import { jiraDeleteAttachment, jiraDownloadAttachment, jiraUploadAttachment } from './attachments.js';
import { jiraBatchCreateIssues } from './batch.js';
import { jiraGetAgileBoards, jiraGetBoardIssues, jiraGetSprintIssues, jiraGetSprintsFromBoard } from './boards.js';
import { jiraGetPriorities, jiraGetStatuses } from './catalog.js';
import { jiraGetChangelog } from './changelog.js';
import { jiraAddComment, jiraDeleteComment, jiraEditComment, jiraGetComments } from './comments.js';
import { jiraGetEpicIssues, jiraLinkToEpic } from './epics.js';
import { jiraGetCreateFields, jiraGetFieldOptions, jiraSearchFields } from './fields.js';
import { jiraGetIssue } from './get-issue.js';
import { jiraAssignIssue, jiraCreateIssue, jiraDeleteIssue, jiraUpdateIssue } from './issue-write.js';
import { jiraGetProjectIssues, jiraSearch } from './issues.js';
import { jiraCreateIssueLink, jiraCreateRemoteIssueLink, jiraGetLinkTypes, jiraRemoveIssueLink } from './links.js';
import { jiraAddWatcher, jiraGetUserProfile, jiraRemoveWatcher, jiraSearchAssignableUsers, jiraSearchUsers } from './people.js';
import { jiraGetCrossProjectDependencies, jiraGetProjectEpicHierarchy } from './project-analysis.js';
import { jiraCreateVersion, jiraGetAllProjects, jiraGetProjectComponents, jiraGetProjectIssueTypes, jiraGetProjectVersions, jiraUpdateVersion } from './projects.js';
import {
  jiraCreateCustomerRequest, jiraGetQueueIssues, jiraGetRequestSla, jiraGetRequestTypeFields, jiraGetRequestTypes, jiraGetServiceDeskQueues, jiraGetServiceDesks,
} from './service-desk.js';
import { jiraAddIssuesToSprint, jiraCreateSprint, jiraMoveIssuesToBacklog, jiraUpdateSprint } from './sprints.js';
import { jiraTransitionIssue } from './transitions.js';
import { jiraAddWorklog, jiraDeleteWorklog, jiraGetWorklog } from './worklog.js';

// Listing order: the order of tools/list, of the demo and of the contract sweep (the default
// toolsets first).
export const jiraTools = [
  jiraSearch, jiraGetIssue, jiraGetProjectIssues, jiraGetChangelog,
  jiraCreateIssue, jiraBatchCreateIssues, jiraUpdateIssue, jiraAssignIssue, jiraDeleteIssue,
  jiraGetComments, jiraAddComment, jiraEditComment, jiraDeleteComment,
  jiraTransitionIssue,
  jiraSearchFields, jiraGetFieldOptions, jiraGetCreateFields, jiraGetPriorities, jiraGetStatuses,
  jiraGetAllProjects, jiraGetProjectIssueTypes, jiraGetProjectComponents, jiraGetProjectVersions, jiraCreateVersion,
  jiraGetAgileBoards, jiraGetBoardIssues, jiraGetSprintsFromBoard, jiraGetSprintIssues, jiraCreateSprint, jiraUpdateSprint,
  jiraAddIssuesToSprint, jiraMoveIssuesToBacklog, jiraGetEpicIssues, jiraLinkToEpic,
  jiraGetLinkTypes, jiraCreateIssueLink, jiraRemoveIssueLink, jiraCreateRemoteIssueLink,
  jiraGetWorklog, jiraAddWorklog, jiraDeleteWorklog,
  jiraDownloadAttachment, jiraUploadAttachment, jiraDeleteAttachment,
  jiraGetUserProfile, jiraSearchUsers, jiraSearchAssignableUsers, jiraAddWatcher, jiraRemoveWatcher,
  jiraUpdateVersion, jiraGetProjectEpicHierarchy, jiraGetCrossProjectDependencies,
  jiraGetServiceDesks, jiraGetServiceDeskQueues, jiraGetQueueIssues, jiraGetRequestTypes, jiraGetRequestTypeFields, jiraCreateCustomerRequest, jiraGetRequestSla,
] as const;
