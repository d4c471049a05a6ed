/** A session's page; at a message, when a search found one in it (see Conversation). */
export const sessionPath = (id: string, messageId?: string) =>
  `/chat/${encodeURIComponent(id)}${messageId ? `?message=${encodeURIComponent(messageId)}` : ''}`;
