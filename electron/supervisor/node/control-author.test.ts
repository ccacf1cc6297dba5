import { describe, expect, it } from 'vitest';
import { authorOf } from './control.ts';

describe('the author a control client names (issue 25)', () => {
  it('keeps a short word with a profile in brackets', () => {
    expect(authorOf('mcp (rescue)')).toBe('mcp (rescue)');
    expect(authorOf('mcp')).toBe('mcp');
  });

  it('drops anything else, so a history never shows a client’s free text', () => {
    for (const bad of ['', 'mcp (bad name)', 'x'.repeat(40), 'mcp (rescue)\nstopped', 42, null, { by: 'x' }])
      expect(authorOf(bad)).toBeUndefined();
  });
});
