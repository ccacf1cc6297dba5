// What the browser card decides from the gateway's own answers: whether a setting it set is in force yet.
import type { SettingFix } from '../../electron/gateways/common/browser-summary.ts';
import type { BrowserStatus } from '../../electron/contract/contract.ts';

/**
 * Whether the gateway runs with the setting now: its browser status reports the key it resolved (`noSandbox`), which
 * changes only once OpenClaw has reloaded the saved config. Before that, a browser start still runs the old way.
 */
export function settingTaken(fix: Pick<SettingFix, 'path' | 'value'>, status: BrowserStatus): boolean {
  const key = fix.path.slice(fix.path.lastIndexOf('.') + 1);
  return status[key] === fix.value;
}
