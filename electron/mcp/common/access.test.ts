import { describe, expect, it } from 'vitest';
import { profileFlagsSchema } from '../../contract/contract.ts';
import { actionRefusal, mcpAuthor } from './access.ts';

const flags = (mcpActions: boolean) => profileFlagsSchema.parse({ mcpActions });

describe('actionRefusal', () => {
  it('refuses by default: the setting is off unless a person (or the rescue preset) turns it on', () => {
    expect(profileFlagsSchema.parse({}).mcpActions).toBe(false);
    expect(actionRefusal('rescue', 'main', () => undefined)).toMatch(/actions are off for rescue/);
    expect(actionRefusal('rescue', 'main', () => flags(false))).toMatch(/actions are off/);
  });

  it('allows the other profiles once on', () => {
    expect(actionRefusal('rescue', 'main', () => flags(true))).toBeNull();
  });

  it('never allows an action on the profile the agent runs in, in any case of its name', () => {
    expect(actionRefusal('rescue', 'rescue', () => flags(true))).toMatch(/itself/);
    expect(actionRefusal('Rescue', 'rescue', () => flags(true))).toMatch(/itself/);
  });

  it('refuses every action to a server started for no profile', () => {
    expect(actionRefusal(null, 'main', () => flags(true))).toMatch(/only look/);
  });

  it('names the author as the history shows it', () => {
    expect(mcpAuthor('rescue')).toBe('mcp (rescue)');
    expect(mcpAuthor(null)).toBe('mcp');
  });
});
