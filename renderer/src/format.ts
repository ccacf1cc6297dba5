import type { GatewayState } from '../../electron/common/contract.ts';
import { formatDuration } from '../../electron/common/format.ts';

export const uptime = (ms: number) => formatDuration(ms);

export const stateTone: Record<GatewayState, 'ok' | 'busy' | 'bad' | 'idle' | 'info'> = {
  stopped: 'idle',
  starting: 'busy',
  ready: 'ok',
  degraded: 'bad',
  stopping: 'busy',
  restarting: 'busy',
  'crash-looping': 'bad',
  unresponsive: 'bad',
  'port-blocked': 'bad',
  'config-error': 'bad',
  external: 'info',
};
