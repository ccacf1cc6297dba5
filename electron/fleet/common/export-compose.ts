// The fleet as a Compose project in OpenClaw's Docker layout (its docker-compose.yml's `openclaw-gateway` service, once
// per profile): the official image at a pinned tag, the profile's folders bind-mounted where the image expects them,
// the ports of the profile's plan published on 127.0.0.1, and the gateway token in an env file beside, never in the
// compose file. Pure.
import { LobsterpotError } from '../../contract/contract.ts';
import {
  CONTAINER,
  browserNotes,
  checkToken,
  envFileText,
  folderMounts,
  healthChecksOf,
  healthScript,
  imageOf,
  publishedPorts,
  slugsOf,
  type ExportHost,
  type ExportPlan,
  type ExportProfile,
} from './export-model.ts';

export const COMPOSE_FILE = 'docker-compose.yml';
const serviceOf = (slug: string) => `openclaw-${slug}`;

export function composeProject(profiles: readonly ExportProfile[], host: ExportHost): ExportPlan {
  const slugs = slugsOf(profiles);
  const { image, version, note: imageNote } = imageOf(host.openclawVersion);
  const started = healthChecksOf(version).started;
  const services: Record<string, unknown> = {};
  const files: ExportPlan['files'] = [];
  const notes: string[] = [];
  const perProfile: string[] = [];
  const publishers = new Map<number, string>();
  for (const profile of profiles) {
    const slug = slugs.get(profile.name) as string;
    const service = serviceOf(slug);
    if (profile.token !== null) checkToken(profile.name, profile.token);
    const ports = publishedPorts(profile);
    for (const { host: port } of ports) {
      const other = publishers.get(port);
      if (other !== undefined)
        throw new LobsterpotError(
          'refused',
          `${other} and ${profile.name} would both publish port ${port} on this host: give one another base port (lobsterpot edit ${profile.name} --port N), then export again`,
        );
      publishers.set(port, profile.name);
    }
    const { mounts, unplaced } = folderMounts(profile, host.home);
    services[service] = {
      image,
      environment: { HOME: CONTAINER.home, TERM: 'xterm-256color' },
      env_file: [`${slug}.env`],
      volumes: mounts.map((m) => `${m.host}:${m.container}`),
      ports: ports.map((p) => `127.0.0.1:${p.host}:${p.container}`),
      init: true,
      restart: 'unless-stopped',
      cap_drop: ['NET_RAW', 'NET_ADMIN'],
      security_opt: ['no-new-privileges:true'],
      extra_hosts: ['host.docker.internal:host-gateway'],
      labels: { 'ai.lobsterpot.profile': profile.name },
      command: ['node', 'dist/index.js', 'gateway', '--bind', 'lan', '--port', String(CONTAINER.port)],
      // Inside the container, on its loopback: from outside, newer versions answer 403 without the token.
      healthcheck: {
        test: ['CMD', 'node', '-e', healthScript(started)],
        interval: '30s',
        timeout: '10s',
        retries: 3,
        start_period: '5m',
      },
    };
    files.push({ path: `${slug}.env`, text: envFileText(profile.token), secret: true });
    if (profile.token === null)
      perProfile.push(
        `${profile.name} has no gateway token in its config: put one in ${slug}.env (OPENCLAW_GATEWAY_TOKEN=…) before starting ${service}; with --bind lan OpenClaw refuses to run without auth.`,
      );
    const aliases = mounts.filter((m) => m.why === 'alias' || m.why === 'outside').map((m) => m.container);
    if (aliases.length)
      perProfile.push(
        `${profile.name}'s config names folders by their paths on this host, so ${service} also sees them there (${aliases.join(', ')}).`,
      );
    if (unplaced.length)
      perProfile.push(
        `${profile.name}'s config names ${unplaced.join(', ')}, which a Linux container cannot mount as written: change it to a path under ~/.openclaw.`,
      );
  }
  files.unshift(
    { path: COMPOSE_FILE, documents: [{ services }], secret: false },
    { path: '.gitignore', text: '# Gateway tokens: never commit these.\n*.env\n', secret: false },
  );
  notes.push(
    `Image ${image} (OpenClaw's official image); one service per profile: ${Object.keys(services).join(', ')}.`,
    `Each service bind-mounts its profile's folders from this host (state dir at ${CONTAINER.stateDir}, workspace at ${CONTAINER.workspace}): the containers run the same state, so stop those gateways here first (lobsterpot stop --all) — one state dir takes one gateway at a time.`,
    `Ports keep each profile's plan: its base port and base+1 (MCP Apps sandbox) are published on 127.0.0.1 to the container's ${CONTAINER.port} and ${CONTAINER.sandboxPort}; the rest of its block (browser control, relays, CDP) stays on the container's loopback.`,
    `The gateway tokens are in <profile>.env files (mode 0600, ignored by the .gitignore here), never in ${COMPOSE_FILE}.`,
  );
  if (host.uid !== null && host.uid !== CONTAINER.uid)
    notes.push(
      `The image runs as uid ${CONTAINER.uid} (node) and these folders belong to uid ${host.uid}: give the container access (chown -R ${CONTAINER.uid}:${CONTAINER.uid} on the folders${host.uid === 0 ? '' : `, or add user: "${host.uid}" to each service`}) or it fails with EACCES.`,
    );
  notes.push(...perProfile, ...browserNotes(profiles, 'use host.docker.internal (mapped to this host) instead'));
  if (imageNote) notes.push(imageNote);
  return { files, notes };
}
