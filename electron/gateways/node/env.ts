// The gateway's environment is built from an allow-list, never inherited whole (OPENCLAW.md, Environment).

const ALLOWED = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'DBUS_SESSION_BUS_ADDRESS',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  // Windows
  'SystemRoot',
  'SYSTEMROOT',
  'windir',
  'APPDATA',
  'LOCALAPPDATA',
  'USERPROFILE',
  'ProgramData',
  'ProgramFiles',
  'PATHEXT',
  'COMSPEC',
]);
const ALLOWED_PREFIXES = ['LC_', 'XDG_'];

/** Set by systemd or launchd; a gateway that sees them believes a supervisor restarts it, and exits 0 on a restart. */
export const SUPERVISOR_MARKERS = [
  'INVOCATION_ID',
  'JOURNAL_STREAM',
  'SYSTEMD_EXEC_PID',
  'NOTIFY_SOCKET',
  'LAUNCH_JOB_LABEL',
  'LAUNCH_JOB_NAME',
  'XPC_SERVICE_NAME',
] as const;

export interface GatewayEnvOptions {
  /** OpenClaw's home for this Lobsterpot (what `~` means to the gateway). */
  home: string;
  /** The directory of the supported Node, put first on PATH so the gateway's own children use it too. */
  nodeDir?: string | null;
  pathSeparator?: string;
  /**
   * `external` where the runtime speaks OpenClaw's restart hand-off (probed): a restart OpenClaw wants then ends the
   * process with a hand-off for Lobsterpot to consume, instead of an in-process restart that keeps the old port.
   */
  supervisorMode?: 'external';
}

/**
 * The environment for an `openclaw` child: the allow-listed parent variables (never `OPENCLAW_*` or supervisor
 * markers), HOME set to Lobsterpot's OpenClaw home, and the flags a supervised gateway needs.
 */
export function gatewayEnv(parent: NodeJS.ProcessEnv, options: GatewayEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    if (ALLOWED.has(key) || ALLOWED_PREFIXES.some((prefix) => key.startsWith(prefix))) env[key] = value;
  }
  env.HOME = options.home;
  if (options.nodeDir) {
    const separator = options.pathSeparator ?? (process.platform === 'win32' ? ';' : ':');
    env.PATH = [options.nodeDir, env.PATH].filter(Boolean).join(separator);
  }
  // Without a hand-off contract, restarts stay in-process (same pid): a respawned child would escape the supervisor.
  if (options.supervisorMode === 'external') env.OPENCLAW_SUPERVISOR_MODE = 'external';
  else env.OPENCLAW_NO_RESPAWN = '1';
  env.NO_COLOR = '1';
  env.OPENCLAW_DISABLE_BONJOUR = '1';
  return env;
}
