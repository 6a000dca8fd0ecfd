// The people of the sandbox site. Cloud identifies them by accountId, Server/DC by username/key.

export interface SandboxUser {
  id: string;
  accountId: string;
  username: string;
  displayName: string;
  email: string;
  timeZone: string;
}

export const USERS: SandboxUser[] = [
  { id: 'alice', accountId: '5f8a1c2e9b3d4a0071e4c001', username: 'alice', displayName: 'Alice Nguyen', email: 'alice@example.com', timeZone: 'Europe/Berlin' },
  { id: 'bob', accountId: '5f8a1c2e9b3d4a0071e4c002', username: 'bob', displayName: 'Bob Okafor', email: 'bob@example.com', timeZone: 'Europe/London' },
  { id: 'carol', accountId: '5f8a1c2e9b3d4a0071e4c003', username: 'carol', displayName: 'Carol Jensen', email: 'carol@example.com', timeZone: 'America/New_York' },
  { id: 'dan', accountId: '5f8a1c2e9b3d4a0071e4c004', username: 'dan', displayName: 'Dan Moreau', email: 'dan@example.com', timeZone: 'Europe/Paris' },
];

export function userById(id: string): SandboxUser {
  const user = USERS.find((candidate) => candidate.id === id);
  if (!user) throw new Error(`sandbox seed: unknown user ${id}`);
  return user;
}

/** Jira/Confluence user JSON as each flavor returns it. */
export function userJson(id: string | undefined, cloud: boolean, siteUrl: string): Record<string, unknown> | null {
  if (!id) return null;
  const user = userById(id);
  return cloud
    ? {
        self: `${siteUrl}/rest/api/3/user?accountId=${user.accountId}`,
        accountId: user.accountId,
        accountType: 'atlassian',
        emailAddress: user.email,
        avatarUrls: { '48x48': `${siteUrl}/avatars/${user.id}.png` },
        displayName: user.displayName,
        active: true,
        timeZone: user.timeZone,
      }
    : {
        self: `${siteUrl}/rest/api/2/user?username=${user.username}`,
        name: user.username,
        key: `JIRAUSER${10000 + USERS.indexOf(user)}`,
        emailAddress: user.email,
        avatarUrls: { '48x48': `${siteUrl}/secure/useravatar?ownerId=${user.username}` },
        displayName: user.displayName,
        active: true,
        timeZone: user.timeZone,
      };
}
