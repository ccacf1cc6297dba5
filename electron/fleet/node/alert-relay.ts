// The watchdog's alert, also sent through another profile's gateway to a channel target (OpenClaw's `send` RPC): a
// dead main bot is reported by the rescue bot in the owner's chat. Never through the profile that is down; each
// attempt and the gateway's answer go into the down profile's history.
import type { GatewayState, Settings } from '../../contract/contract.ts';
import { STATES } from '../../contract/states.ts';
import type { HistoryEntry } from '../../gateways/common/history.ts';
import type { SendRequest } from '../../gateways/node/runtime-rpc.ts';

export interface AlertRoute {
  profile: string;
  channel: string;
  target: string;
}

/** The route the settings give, or null until all three parts are set. */
export function alertRouteOf(
  settings: Pick<Settings, 'alertProfile' | 'alertChannel' | 'alertTarget'>,
): AlertRoute | null {
  const { alertProfile: profile, alertChannel: channel, alertTarget: target } = settings;
  return profile && channel && target ? { profile, channel, target } : null;
}

export interface RelayDeps {
  route: AlertRoute | null;
  /** The gateway to send through, when it is set up and running; null otherwise (the attempt says so). */
  via(profile: string): { name: string; state: GatewayState } | null;
  send(via: string, request: SendRequest): Promise<unknown>;
  now(): number;
}

export interface RelayAttempt {
  /** The route's profile, as the registry names it. */
  via: string;
  sent: boolean;
  /** The gateway's answer (its result, or its error), or why nothing was sent. */
  answer: string;
}

/** Sends `message` (about `down`) along the route; null when no route is set. Never throws. */
export async function relayAlert(deps: RelayDeps, down: string, message: string): Promise<RelayAttempt | null> {
  const { route } = deps;
  if (!route) return null;
  const via = deps.via(route.profile);
  const name = via?.name ?? route.profile;
  if (name.toLowerCase() === down.toLowerCase())
    return { via: name, sent: false, answer: `not sent: ${name} is the gateway that is down` };
  if (!via) return { via: name, sent: false, answer: `not sent: no profile named ${route.profile}` };
  if (!STATES[via.state].up) return { via: name, sent: false, answer: `not sent: ${name} is ${via.state}` };
  const request: SendRequest = {
    channel: route.channel,
    to: route.target,
    message: `Lobsterpot: ${message}`,
    // One key per alert: a retry of the same alert is not delivered twice.
    idempotencyKey: `lobsterpot-watchdog-${down}-${deps.now()}`,
  };
  try {
    const answer = await deps.send(name, request);
    return { via: name, sent: true, answer: JSON.stringify(answer ?? null).slice(0, 1000) };
  } catch (error) {
    return { via: name, sent: false, answer: (error as Error).message.slice(0, 1000) };
  }
}

/** The attempt as a history entry of the profile that is down (its state unchanged: see spanKind). */
export function relayEntry(route: AlertRoute, attempt: RelayAttempt, state: GatewayState, at: number): HistoryEntry {
  const where = `${route.channel} ${route.target}`;
  return {
    at,
    state,
    reason: attempt.sent
      ? `alert sent to ${where}: ${attempt.answer}`
      : `alert not delivered to ${where}: ${attempt.answer}`,
    cause: { kind: 'alert', by: `watchdog alert through ${attempt.via}` },
  };
}
