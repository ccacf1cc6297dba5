import type { GatewayState } from '../../electron/common/contract.ts';

export function uptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return h < 24 ? `${h}h ${m % 60}m` : `${Math.floor(h / 24)}d ${h % 24}h`;
}

export const stateTone: Record<GatewayState, 'ok' | 'busy' | 'bad' | 'idle' | 'info'> = {
  stopped: 'idle',
  starting: 'busy',
  ready: 'ok',
  degraded: 'bad',
  stopping: 'busy',
  restarting: 'busy',
  'crash-looping': 'bad',
  'port-blocked': 'bad',
  'config-error': 'bad',
  external: 'info',
};
