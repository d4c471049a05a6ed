import { describe, expect, it } from 'vitest';
import { fromFirstMatch, markMatches } from './mark-matches';

const marked = (text: string, query: string) =>
  markMatches(text, query)
    .filter((piece) => piece.match)
    .map((piece) => piece.text);

describe('markMatches', () => {
  it('marks every occurrence, whatever its case, and keeps the text as it was', () => {
    const text = 'Oak trees: an oak lives long, and OAKS grow slowly.';
    expect(markMatches(text, 'oak')).toEqual([
      { text: 'Oak', match: true },
      { text: ' trees: an ', match: false },
      { text: 'oak', match: true },
      { text: ' lives long, and ', match: false },
      { text: 'OAK', match: true },
      { text: 'S grow slowly.', match: false },
    ]);
    expect(
      markMatches(text, 'OaK')
        .map((piece) => piece.text)
        .join(''),
    ).toBe(text);
  });

  it('looks for the text as typed: characters a pattern would read are plain characters', () => {
    expect(marked('Use a.b* or (a|b)? Not axb.', 'a.b*')).toEqual(['a.b*']);
    expect(marked('Use a.b* or (a|b)? Not axb.', '(a|b)?')).toEqual(['(a|b)?']);
    expect(marked('costs $5 [approx.] \\d', '[approx.]')).toEqual(['[approx.]']);
    expect(marked('costs $5 [approx.] \\d', '\\d')).toEqual(['\\d']);
    expect(marked('nothing here', '.*')).toEqual([]);
  });

  it('marks occurrences one after another, not overlapping ones', () => {
    expect(markMatches('aaaa', 'aa')).toEqual([
      { text: 'aa', match: true },
      { text: 'aa', match: true },
    ]);
    expect(marked('ababa', 'aba')).toEqual(['aba']);
  });

  it('collapses whitespace in the query, as the excerpt has it, and marks nothing for an empty one', () => {
    expect(marked('a small marsupial…', '  small   marsupial ')).toEqual(['small marsupial']);
    expect(markMatches('some text', '   ')).toEqual([{ text: 'some text', match: false }]);
    expect(markMatches('', 'oak')).toEqual([]);
  });
});

describe('fromFirstMatch', () => {
  it('shortens the text before the first match to its last words, so that two lines show the match', () => {
    const pieces = markMatches(
      'Here is a streamed answer, written one word at a time so that you can watch it arrive.',
      'arrive',
    );
    expect(fromFirstMatch(pieces, 20)).toEqual([
      { text: '…you can watch it ', match: false },
      { text: 'arrive', match: true },
      { text: '.', match: false },
    ]);
  });

  it('leaves the pieces as they are when the match comes early, first, or not at all', () => {
    const early = markMatches('An oak lives long, longer than most other trees do.', 'oak');
    expect(fromFirstMatch(early, 20)).toEqual(early);
    const first = markMatches('Oak trees live long, longer than most other trees do, said the book.', 'oak');
    expect(fromFirstMatch(first, 20)).toEqual(first);
    const none = markMatches('Nothing found in this long excerpt of a message, nothing at all.', 'oak');
    expect(fromFirstMatch(none, 20)).toEqual(none);
  });
});
