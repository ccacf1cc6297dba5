// The text of `lobsterpot host list` and friends: each host, where it is and how its link goes.
import type { HostView } from '../contract/contract.ts';

export const stateText = (host: HostView, now: number): string => {
  const retry = host.retryAt ? `, retrying in ${Math.max(0, Math.round((host.retryAt - now) / 1000))} s` : '';
  if (host.state === 'connected')
    return `connected (${host.supervisor?.kind === 'app' ? 'the app' : 'lobsterpot serve'}, pid ${host.supervisor?.pid ?? '?'})`;
  return `${host.state}${host.message ? `: ${host.message}` : ''}${retry}`;
};

export function hostsText(hosts: HostView[], now: number): string {
  if (!hosts.length) return 'No other hosts. Add one with `lobsterpot host add NAME user@host`.';
  const rows = hosts.map((host) => {
    const gateways = host.remote?.live ? `${host.remote.profiles.length} profiles` : '';
    return [host.name, host.destination, stateText(host, now), gateways];
  });
  const widths = [0, 1].map((i) => Math.max(...rows.map((row) => (row[i] ?? '').length), i ? 11 : 4));
  const line = (row: string[]) =>
    `${(row[0] ?? '').padEnd(widths[0] ?? 0)}  ${(row[1] ?? '').padEnd(widths[1] ?? 0)}  ${row[2] ?? ''}${row[3] ? ` — ${row[3]}` : ''}`;
  return [line(['HOST', 'DESTINATION', 'STATE']), ...rows.map(line)].join('\n');
}
