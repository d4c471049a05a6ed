import { describe, expect, it } from 'vitest';
import { resources } from './i18n';

/** Every leaf key ("nav.chat") of a message tree, with its text. */
function leaves(tree: object, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else for (const [leaf, text] of leaves(value as object, path)) found.set(leaf, text);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe('translations', () => {
  it('has the same namespaces in English and German', () => {
    expect(Object.keys(resources.de).sort()).toEqual(Object.keys(resources.en).sort());
  });

  for (const namespace of Object.keys(resources.en) as Array<keyof typeof resources.en>) {
    it(`has every ${namespace} key in both languages, none empty, with the same placeholders`, () => {
      const en = leaves(resources.en[namespace]);
      const de = leaves(resources.de[namespace]);
      expect([...de.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [key, text] of en) {
        const german = de.get(key) ?? '';
        expect(text.trim(), `en ${namespace}:${key}`).not.toBe('');
        expect(german.trim(), `de ${namespace}:${key}`).not.toBe('');
        expect(placeholders(german), `placeholders of ${namespace}:${key}`).toEqual(placeholders(text));
      }
    });
  }
});
