import { describe, expect, it } from 'vitest';
import { analyzePorts } from '../../electron/ports/common/conflicts.ts';
import { checkNewProfileName } from '../../electron/profiles/common/names.ts';
import { othersThan, settledFindings } from './creating-model.ts';

describe('a profile while it is being created', () => {
  // Onboarding has made gamma's folder and config, not yet its port: what the registry reports for a moment.
  const profiles = [
    { name: 'alpha', port: 21000, stateDir: '/h/.openclaw-alpha', configPath: '/h/a.json', workspace: null },
    { name: 'gamma', port: null, stateDir: '/h/.openclaw-gamma', configPath: '/h/g.json', workspace: null },
  ];

  it('The page does not flash "has no gateway.port" for a profile being created', () => {
    const findings = analyzePorts(profiles);
    expect(findings.some((f) => f.kind === 'default-port' && f.profiles.includes('gamma'))).toBe(true);
    expect(settledFindings(findings, { gamma: { step: 'onboarding', at: 1 } })).toEqual(
      findings.filter((f) => !f.profiles.includes('gamma')),
    );
    expect(settledFindings(findings, {})).toEqual(findings);
  });

  it('Its dialog does not report "name is already a profile" about the profile it is creating', () => {
    const names = (creating: string | null) => othersThan(profiles, creating).map((p) => p.name);
    expect(checkNewProfileName('gamma', names(null))).toMatchObject({ ok: false });
    expect(checkNewProfileName('gamma', names('gamma'))).toMatchObject({ ok: true });
    expect(names('gamma')).toEqual(['alpha']);
  });
});
