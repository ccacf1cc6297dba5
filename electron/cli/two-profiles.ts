// The CLI's tests' world: a snapshot of two profiles (alpha running, a foreign listener inside beta's ports), two audit
// findings, and `lobsterpot` run against a fake core that answers from it.
import type { Snapshot } from '../contract/contract.ts';
import { gatewayStatus as gateway, profileView as view, snapshot } from '../contract/fixtures.ts';
import type { AuditFinding } from '../fleet/common/audit.ts';
import type { Core } from './core.ts';
import type { RunOptions } from './main.ts';
import { cli as run, fakeCore as fakeCoreOf, type Answers } from './testing.ts';

export function snapshotOf(): Snapshot {
  return snapshot({
    profiles: [view('alpha', 21000), view('beta', 21200)],
    gateways: [
      gateway('alpha', 21000, { state: 'ready', pid: 4242, owner: 'lobsterpot', startedAt: 1_000, restarts: 1 }),
      gateway('beta', 21200),
    ],
    findings: [
      {
        kind: 'live-listener',
        severity: 'warning',
        profiles: ['beta'],
        ports: [21205],
        message: 'pid 77 (nc) already listens on 21205, inside beta’s ports',
        fix: 'Stop pid 77 (nc) or move beta away from 21205.',
      },
    ],
    listeners: [
      { port: 21000, pid: 4242, command: 'openclaw-gateway', profile: 'alpha' },
      { port: 21205, pid: 77, command: 'nc', profile: null },
    ],
  });
}

export const sharedBot: AuditFinding = {
  kind: 'shared-credential',
  severity: 'error',
  profiles: ['alpha', 'beta'],
  message:
    'alpha (channels.telegram.botToken) and beta (channels.telegram.tokenFile) use the same telegram credential: two gateways on one bot fight over it (Telegram answers every poll with HTTP 409)',
  fix: 'Give each profile its own telegram bot or account, or enable the channel in one profile only.',
};
export const override: AuditFinding = {
  kind: 'env-override',
  severity: 'warning',
  profiles: ['alpha', 'beta'],
  message: "OPENCLAW_STATE_DIR=/tmp/x is set in Lobsterpot's environment",
  fix: 'Unset OPENCLAW_STATE_DIR in the shell or service that starts Lobsterpot.',
};

/** A core answering from `snapshot` (two profiles, alpha running) and recording what it was sent. */
export const fakeCore = (answers: Answers = {}, snapshot = snapshotOf()) => fakeCoreOf(answers, snapshot);

export const cli = (
  argv: string[],
  core: Core = fakeCore().core,
  surroundings: Pick<RunOptions, 'terminal' | 'machine'> = {},
  resolvePath?: (path: string) => string,
) => run(argv, core, { ...surroundings, ...(resolvePath ? { resolvePath } : {}) });
