// Migrations are imported statically so they run the same from TypeScript sources and from dist/.
import type { Migration } from 'kysely';
import * as initial from './0001_initial.js';
import * as chat from './0002_chat.js';
import * as review from './0003_review.js';
import * as workspace from './0004_workspace.js';
import * as clipboard from './0005_clipboard.js';
import * as sandbox from './0006_sandbox.js';
import * as lookupIndexes from './0007_lookup_indexes.js';
import * as partialIndexes from './0008_partial_indexes.js';
import * as messageReasoning from './0009_message_reasoning.js';
import * as chatImages from './0010_chat_images.js';
import * as sessionInstructions from './0011_session_instructions.js';
import * as chatPreferences from './0012_chat_preferences.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_chat': chat,
  '0003_review': review,
  '0004_workspace': workspace,
  '0005_clipboard': clipboard,
  '0006_sandbox': sandbox,
  '0007_lookup_indexes': lookupIndexes,
  '0008_partial_indexes': partialIndexes,
  '0009_message_reasoning': messageReasoning,
  '0010_chat_images': chatImages,
  '0011_session_instructions': sessionInstructions,
  '0012_chat_preferences': chatPreferences,
};
