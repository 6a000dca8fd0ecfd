import { confluenceDeleteAttachment, confluenceDownloadAttachment, confluenceGetAttachments, confluenceUploadAttachment } from './attachments.js';
import { confluenceAddComment, confluenceAddInlineComment, confluenceGetComments, confluenceReplyToComment } from './comments.js';
import { confluenceGetPageDiff, confluenceGetPageHistory, confluenceGetPageVersion } from './history.js';
import { confluenceAddLabel, confluenceFindPagesByLabel, confluenceGetLabels, confluenceRemoveLabel } from './labels.js';
import { confluenceCreatePage, confluenceDeletePage, confluenceGetPage, confluenceUpdatePage, confluenceUpdatePageSection } from './pages.js';
import { confluenceSearch, confluenceSearchUser } from './search.js';
import { confluenceGetSpace, confluenceListSpaces } from './spaces.js';
import { confluenceCopyPage, confluenceGetPageAncestors, confluenceGetPageChildren, confluenceGetSpacePageTree, confluenceMovePage } from './tree.js';
import { confluenceGetPageViews } from './analytics.js';
import { confluenceGetPageRestrictions, confluenceGetSpacePermissions, confluenceSetPageRestrictions } from './permissions.js';
import { confluenceGetTemplates } from './templates.js';

// Listing order, which is also the order of the sandbox demo: reads before the writes that change what
// they read, and each destructive call last in its family.
export const confluenceTools = [
  confluenceSearch, confluenceSearchUser,
  confluenceGetPage, confluenceGetPageChildren, confluenceGetPageAncestors, confluenceGetSpacePageTree,
  confluenceCreatePage, confluenceUpdatePage, confluenceUpdatePageSection, confluenceMovePage, confluenceCopyPage, confluenceDeletePage,
  confluenceGetComments, confluenceAddComment, confluenceReplyToComment, confluenceAddInlineComment,
  confluenceGetPageHistory, confluenceGetPageVersion, confluenceGetPageDiff,
  confluenceGetLabels, confluenceAddLabel, confluenceRemoveLabel, confluenceFindPagesByLabel,
  confluenceGetAttachments, confluenceDownloadAttachment, confluenceUploadAttachment, confluenceDeleteAttachment,
  confluenceListSpaces, confluenceGetSpace,
  confluenceGetTemplates, confluenceGetPageViews,
  confluenceGetPageRestrictions, confluenceGetSpacePermissions, confluenceSetPageRestrictions,
] as const;
