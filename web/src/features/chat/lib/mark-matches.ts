// A search result's excerpt with the text searched for marked: plain text compared without regard
// to case (no pattern: what the user typed is looked for as it is).

export interface TextPiece {
  text: string;
  /** The text searched for. */
  match: boolean;
}

/**
 * `text` in pieces, every occurrence of `query` (case-insensitive, whitespace collapsed, as in the
 * server's excerpts) a piece of its own marked as a match. Joined, the pieces are `text`.
 */
export function markMatches(text: string, query: string): TextPiece[] {
  const needle = query.replace(/\s+/g, ' ').trim().toLowerCase();
  const pieces: TextPiece[] = [];
  let plainFrom = 0;
  let at = 0;
  while (needle && at + needle.length <= text.length) {
    if (text.slice(at, at + needle.length).toLowerCase() !== needle) {
      at += 1;
      continue;
    }
    if (at > plainFrom) pieces.push({ text: text.slice(plainFrom, at), match: false });
    pieces.push({ text: text.slice(at, at + needle.length), match: true });
    at += needle.length;
    plainFrom = at;
  }
  if (plainFrom < text.length) pieces.push({ text: text.slice(plainFrom), match: false });
  return pieces;
}

/**
 * The pieces with the text before the first match shortened to about `lead` characters (from a
 * word's start, with …): an excerpt shown in two lines then shows the match, wherever it was.
 */
export function fromFirstMatch(pieces: TextPiece[], lead = 30): TextPiece[] {
  const [before, ...rest] = pieces;
  if (!before || before.match || rest.length === 0 || before.text.length <= lead) return pieces;
  const tail = before.text.slice(-lead);
  const wordStart = tail.indexOf(' ');
  return [{ text: `…${wordStart === -1 ? tail : tail.slice(wordStart + 1)}`, match: false }, ...rest];
}
