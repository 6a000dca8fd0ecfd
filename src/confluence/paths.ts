// REST prefixes below the API base (which for Cloud already ends in /wiki), and Cloud's paging links.

/** v1 REST: all of Server/DC, and Cloud's CQL search and the writes v2 lacks. */
export const V1 = 'rest/api';
/** Cloud v2 REST. */
export const V2 = 'api/v2';

/** The cursor in a Cloud next link (a URL relative to the site). */
export function cursorOf(link: string | undefined): string | undefined {
  return link ? new URL(link, 'http://next.invalid').searchParams.get('cursor') ?? undefined : undefined;
}
