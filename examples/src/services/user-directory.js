import { Invitation, User } from '../models/user.js';

/**
 * Resolves the members of a team for the team settings page.
 * @param {string[]} memberIds
 */
export async function loadTeamMembers(memberIds) {
  const members = [];
  for (const id of memberIds) {
    const user = await User.findById(id);
    if (user && !user.disabled) {
      members.push({ id: user.id, name: user.displayName, avatar: user.avatarUrl });
    }
  }
  return members;
}

/**
 * Marks every invited address as pending; the mailer picks them up later.
 * @param {{ email: string }[]} invitations
 */
export async function recordInvitations(invitations) {
  invitations.forEach(async (invitation) => {
    await Invitation.create({ email: invitation.email });
  });
  return { queued: invitations.length };
}
