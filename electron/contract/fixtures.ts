// Complete, typed builders of the contract's values for tests: each gives every field, so a test says only what it
// is about and never casts a partial object to a contract type.
import { portProfile } from '../ports/common/fixtures.ts';
import type { PortProfile } from '../ports/common/ports.ts';
import { effectiveBasePort, footprintOf } from '../ports/common/ports.ts';
import { defaultSettings } from './settings.ts';
import type { HostView, ProfileView, Snapshot } from './snapshot.ts';
import type { GatewayStatus } from './status.ts';

/** A profile that is set up, at `port`, in `/home/u/.openclaw-<name>`. */
export function profileView(name: string, port: number | null, extra: Partial<PortProfile> = {}): ProfileView {
  const ports = portProfile(name, port, extra);
  const { port: effectivePort, source } = effectiveBasePort(name, ports.port);
  return {
    ...ports,
    effectivePort,
    portSource: source,
    configured: true,
    configError: null,
    footprint: footprintOf(ports),
    flags: { autostart: false, restartOnCrash: true, color: null, notes: '', mcpActions: false },
    browserProfiles: [],
  };
}

/** A stopped gateway on `port`, nothing known about it yet. */
export function gatewayStatus(profile: string, port: number, extra: Partial<GatewayStatus> = {}): GatewayStatus {
  return {
    profile,
    state: 'stopped',
    reason: null,
    pid: null,
    owner: null,
    startedAt: null,
    readyAt: null,
    restarts: 0,
    lastExit: null,
    port,
    listeners: [],
    health: { live: null, ready: null, failing: [], checkedAt: null },
    rpc: { version: null, configPath: null, checkedAt: null, error: null },
    service: { installed: false, active: false, label: null },
    nextRestartAt: null,
    phase: null,
    pendingRestart: null,
    supervisor: null,
    versions: { running: null, installed: null, restartToUpdate: false },
    watchdog: null,
    doctor: { offered: false, last: null },
    ...extra,
  };
}

/** A snapshot of these profiles and gateways, the default settings, OpenClaw found. */
export function snapshot(extra: Partial<Snapshot> = {}): Snapshot {
  return {
    profiles: [],
    gateways: [],
    findings: [],
    listeners: [],
    settings: defaultSettings(),
    environment: {
      openclaw: { path: '/p/.cache/openclaw/node_modules/openclaw/openclaw.mjs', version: '2026.9.6' },
      node: { path: '/p/node_modules/node/bin/node', version: 'v24.21.0' },
      problem: null,
      fix: null,
    },
    ephemeralRange: { from: 32768, to: 60999 },
    audit: [],
    hosts: [],
    ...extra,
  };
}

/** Another host, connected to its `serve`, nothing seen of it yet. */
export function hostView(extra: Partial<HostView> = {}): HostView {
  return {
    name: 'box',
    destination: 'ops@box',
    sshConfig: null,
    command: 'lobsterpot',
    state: 'connected',
    since: 0,
    message: null,
    retryAt: null,
    supervisor: { pid: 42, kind: 'serve', startedByUs: false },
    remote: null,
    ...extra,
  };
}
