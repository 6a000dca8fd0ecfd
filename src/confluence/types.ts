// Confluence things as the tools see them, whatever the flavor answered. The client maps Cloud v2,
// Cloud v1 and Server/DC v1 shapes onto these.

export interface PageSummary {
  id: string;
  title: string;
  type?: string;
  parentId?: string;
  version?: number;
  updated?: string;
  url?: string;
}

export interface Page {
  id: string;
  title: string;
  spaceKey: string;
  spaceName?: string;
  parentId?: string;
  version: number;
  updated?: string;
  updatedBy?: string;
  message?: string;
  storage: string;
  url: string;
}

export interface PageVersion {
  number: number;
  when?: string;
  by?: string;
  message: string;
  minorEdit: boolean;
}

export interface Comment {
  id: string;
  location: 'footer' | 'inline';
  parentId?: string;
  author?: string;
  created?: string;
  version?: number;
  storage: string;
  /** Inline comments: the text they highlight, and whether they are resolved. */
  selection?: string;
  resolution?: string;
  url?: string;
}

export interface Label {
  name: string;
  prefix: string;
}

export interface Attachment {
  id: string;
  title: string;
  pageId: string;
  mediaType: string;
  fileSize?: number;
  version?: number;
  created?: string;
  author?: string;
  comment?: string;
  /** Server/DC: the download link (path and query below the site root). */
  download?: string;
}

export interface Space {
  id?: string;
  key: string;
  name: string;
  type?: string;
  status?: string;
  description?: string;
  homepageId?: string;
  url: string;
}

export interface User {
  accountId?: string;
  username?: string;
  displayName: string;
  email?: string;
}

/** Where the next page of a list starts: Cloud's opaque cursor or Server/DC's offset. */
export interface Next {
  cursor?: string;
  start?: number;
}

export interface Paged<T> {
  items: T[];
  next?: Next;
}
