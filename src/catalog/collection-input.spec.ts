import { checkCollectionInput, handleFromTitle } from './collection-input.js';

describe('collection input', () => {
  it('makes a handle from a title: accents dropped, words joined by hyphens', () => {
    expect(handleFromTitle('Tasses en grès !')).toBe('tasses-en-gres');
    expect(handleFromTitle('  Été 2026 — Soldes ')).toBe('ete-2026-soldes');
    expect(handleFromTitle('!!!')).toBe('collection');
    expect(handleFromTitle('x'.repeat(200)).length).toBeLessThanOrEqual(56);
  });

  it('needs a title, and a handle of lowercase words if one is typed', () => {
    expect(checkCollectionInput({ title: ' ', handle: 'Bad handle!' })).toEqual({
      errors: {
        title: { key: 'dashboard.collections.errors.titleRequired' },
        handle: { key: 'dashboard.collections.errors.handleShape', values: { max: 60 } },
      },
    });
    expect(checkCollectionInput({ title: 'Mugs', handle: 'MUGS-2', description: 'a\r\nb' })).toEqual({
      value: { title: 'Mugs', handle: 'mugs-2', description: 'a\nb' },
    });
    expect(checkCollectionInput({ title: 'Mugs' })).toEqual({
      value: { title: 'Mugs', handle: null, description: '' },
    });
  });
});
