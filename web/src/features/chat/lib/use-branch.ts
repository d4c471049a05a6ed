// Editing a question and retrying an answer never change a session: they branch. The new session
// holds the history before the question (a fork at the message before it, or nothing when it was
// the first), and the question is sent there as the composer sends it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useCreateSession } from '../api/create-session';
import { useDeleteSession } from '../api/delete-session';
import { useForkSession } from '../api/fork-session';
import { chatKeys, type ChatMessage, type ChatSession } from '../api/types';
import { imagesField, resendableImages } from './image-attachments';
import type { MessageImage } from './message-view';
import { sendOptions, type ChatPreferences } from './preferences';
import { useRunController } from './run-controller';

/**
 * Where asking a question again starts: the message to fork at (null: a new session), and the
 * question, with the images it was sent with (sent again too).
 */
export interface BranchPoint {
  after: string | null;
  question: string;
  /** Stored images are fetched to be sent again; ones added while editing are data URLs already. */
  images: readonly MessageImage[];
}

/** A question as edited before it is asked again: its text and the images it keeps or gained. */
export type EditedQuestion = Pick<BranchPoint, 'question' | 'images'>;

/**
 * The branch point of each question and of each answer that follows one, by message id: a
 * question is asked again after the message before it; an answer, by asking its question again.
 * A regenerated question has several answers in a row: each of them asks it again.
 */
export function branchPoints(messages: readonly ChatMessage[]) {
  const points = new Map<string, BranchPoint>();
  messages.forEach((message, index) => {
    if (message.role !== 'user') return;
    const point = { after: messages[index - 1]?.id ?? null, question: message.content, images: message.images ?? [] };
    points.set(message.id, point);
    for (let next = index + 1; messages[next]?.role === 'assistant'; next += 1) points.set(messages[next]!.id, point);
  });
  return points;
}

export interface BranchInput extends BranchPoint {
  sessionId: string;
}

/** Branches off `sessionId` at a branch point, sends the question there and opens the new session. */
export function useBranch(preferences: Pick<ChatPreferences, 'model' | 'taskKind' | 'mode' | 'think'>) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const controller = useRunController();
  const fork = useForkSession();
  const create = useCreateSession();
  const remove = useDeleteSession();

  return useMutation({
    mutationFn: async ({ sessionId, after, question, images }: BranchInput) => {
      // Before the branch exists: an image that cannot be loaded leaves nothing behind.
      const attachments = await resendableImages(queryClient, images);
      const branch = after
        ? await fork.mutateAsync({ sessionId, messageId: after })
        : // A new session, as the branch asks its first question again: with the chat's instructions.
          await create.mutateAsync({
            instructions: queryClient.getQueryData<ChatSession>(chatKeys.session(sessionId))?.instructions,
          });
      try {
        await controller.send(branch.id, {
          content: question,
          ...imagesField(attachments),
          ...sendOptions(preferences),
        });
      } catch (refusal) {
        // Refused before anything was stored: leave no copy of the history behind.
        await remove.mutateAsync(branch.id).catch(() => undefined);
        throw refusal;
      }
      // The answer has started and is followed in the run store: the new session shows it live.
      navigate(`/chat/${branch.id}`);
      return branch;
    },
  });
}
