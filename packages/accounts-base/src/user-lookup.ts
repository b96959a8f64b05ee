import type { UserDocument, UsersCollection } from './user-document';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds a user by username or email as Meteor resolves them: an exact match first, otherwise a
 * case-insensitive one, so "Ann@Example.com" and "ann@example.com" are the same login.
 */
export async function findUserByField(users: UsersCollection, field: 'username' | 'emails.address', value: string): Promise<UserDocument | null> {
  if (typeof value !== 'string' || value.length === 0) return null;
  const exact = await users.findOneAsync({ [field]: value });
  if (exact != null) return exact;
  return (await users.findOneAsync({ [field]: { $regex: `^${escapeRegExp(value)}$`, $options: 'i' } })) ?? null;
}
