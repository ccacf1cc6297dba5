import { describe, expect, it } from 'vitest';
import { composeProject } from './export-compose.ts';
import { kustomizeTree } from './export-kubernetes.ts';
import {
  CONTAINER,
  PINNED_OPENCLAW_VERSION,
  folderMounts,
  healthChecksOf,
  healthScript,
  imageOf,
  slugOf,
  slugsOf,
  type ExportHost,
  type ExportProfile,
} from './export-model.ts';

const TOKEN_A = 'aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666';
const TOKEN_B = '9999888877776666555544443333222211110000abcdabcd';
const host: ExportHost = { home: '/home/ann', openclawVersion: '2026.9.6', uid: 1000 };

const profile = (name: string, basePort: number, more: Partial<ExportProfile> = {}): ExportProfile => ({
  name,
  basePort,
  stateDir: `/home/ann/.openclaw-${name}`,
  mcpSandboxPort: null,
  namedPaths: [],
  workspaceNamed: false,
  hostBrowserEndpoints: [],
  token: null,
  ...more,
});

const fleet = [profile('alpha', 21000, { token: TOKEN_A }), profile('Beta_2', 21200, { token: TOKEN_B })];
const everything = (plan: { files: { path: string; documents?: unknown[]; text?: string; secret: boolean }[] }) =>
  plan.files.filter((f) => !f.secret).map((f) => f.text ?? JSON.stringify(f.documents));

describe('names', () => {
  it('maps profile names to DNS-1123 labels that keep openclaw-<slug> within 63 characters', () => {
    expect(slugOf('alpha')).toBe('alpha');
    expect(slugOf('Beta_2')).toBe('beta-2');
    expect(slugOf('ops-')).toBe('ops');
    const long = slugOf(`a${'b_'.repeat(31)}c`);
    expect(`openclaw-${long}`.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(slugOf(`${'x'.repeat(60)}1`)).not.toBe(slugOf(`${'x'.repeat(60)}2`));
  });

  it('refuses two profiles that would get one name', () => {
    expect(() => slugsOf([{ name: 'a_b' }, { name: 'a-b' }])).toThrow(/'a_b' and 'a-b' would both be named 'a-b'/);
    expect(() => slugsOf([{ name: 'Ops' }, { name: 'ops' }])).toThrow(/refused|both be named/);
  });
});

describe('the image', () => {
  it("is OpenClaw's official image at the host's version, else the pinned one with a note", () => {
    expect(imageOf('2026.9.3')).toEqual({
      image: 'ghcr.io/openclaw/openclaw:2026.9.3',
      version: '2026.9.3',
      note: null,
    });
    expect(imageOf('2026.9.1-beta.1').image).toBe('ghcr.io/openclaw/openclaw:2026.9.1-beta.1');
    for (const unknown of [null, 'dev build', '']) {
      const { image, note } = imageOf(unknown);
      expect(image).toBe(`ghcr.io/openclaw/openclaw:${PINNED_OPENCLAW_VERSION}`);
      expect(note).toContain(`pinned to ${PINNED_OPENCLAW_VERSION}`);
    }
  });
});

describe('folders', () => {
  it("puts the state dir and workspace where OpenClaw's layout has them", () => {
    const { mounts } = folderMounts(profile('alpha', 21000), host.home);
    expect(mounts.map((m) => [m.host, m.container])).toEqual([
      ['/home/ann/.openclaw-alpha', CONTAINER.stateDir],
      ['/home/ann/.openclaw-alpha/workspace', CONTAINER.workspace],
    ]);
  });

  it('mounts the state dir again at the host paths the config names, and folders outside it on their own', () => {
    const { mounts, unplaced } = folderMounts(
      profile('alpha', 21000, {
        workspaceNamed: true,
        namedPaths: [
          '/home/ann/.openclaw-alpha/workspace',
          '/home/ann/.openclaw-alpha/agents/main/agent',
          '~/.openclaw-alpha/workspace',
          '/srv/shared-notes',
          'C:\\Users\\ann\\work',
        ],
      }),
      host.home,
    );
    expect(mounts.map((m) => [m.host, m.container, m.why])).toEqual([
      ['/home/ann/.openclaw-alpha', CONTAINER.stateDir, 'state'],
      ['/home/ann/.openclaw-alpha', '/home/ann/.openclaw-alpha', 'alias'],
      ['/home/ann/.openclaw-alpha', '/home/node/.openclaw-alpha', 'alias'],
      ['/srv/shared-notes', '/srv/shared-notes', 'outside'],
    ]);
    expect(unplaced).toEqual(['C:\\Users\\ann\\work']);
  });
});

describe('the Compose project', () => {
  const plan = composeProject(fleet, host);
  const compose = plan.files.find((f) => f.path === 'docker-compose.yml')?.documents?.[0] as {
    services: Record<string, Record<string, unknown>>;
  };

  it('has one service per profile, on the official image, run as OpenClaw runs it in Docker', () => {
    expect(Object.keys(compose.services)).toEqual(['openclaw-alpha', 'openclaw-beta-2']);
    const alpha = compose.services['openclaw-alpha'] ?? {};
    expect(alpha.image).toBe('ghcr.io/openclaw/openclaw:2026.9.6');
    expect(alpha.command).toEqual(['node', 'dist/index.js', 'gateway', '--bind', 'lan', '--port', '18789']);
    expect(alpha.volumes).toEqual([
      '/home/ann/.openclaw-alpha:/home/node/.openclaw',
      '/home/ann/.openclaw-alpha/workspace:/home/node/.openclaw/workspace',
    ]);
    expect(alpha.env_file).toEqual(['alpha.env']);
  });

  it("publishes each profile's base port and base+1 on 127.0.0.1", () => {
    expect(compose.services['openclaw-alpha']?.ports).toEqual(['127.0.0.1:21000:18789', '127.0.0.1:21001:18790']);
    expect(compose.services['openclaw-beta-2']?.ports).toEqual(['127.0.0.1:21200:18789', '127.0.0.1:21201:18790']);
    const pinned = composeProject([profile('gamma', 21400, { mcpSandboxPort: 21999 })], host);
    const services = (pinned.files[0]?.documents?.[0] as { services: Record<string, { ports: string[] }> }).services;
    expect(services['openclaw-gamma']?.ports).toEqual(['127.0.0.1:21400:18789', '127.0.0.1:21999:21999']);
  });

  it('keeps every token out of the compose file: only the 0600 env files hold it', () => {
    for (const text of everything(plan)) {
      expect(text).not.toContain(TOKEN_A);
      expect(text).not.toContain(TOKEN_B);
    }
    expect(plan.notes.join('\n')).not.toContain(TOKEN_A);
    const secrets = plan.files.filter((f) => f.secret);
    expect(secrets.map((f) => [f.path, f.text])).toEqual([
      ['alpha.env', `OPENCLAW_GATEWAY_TOKEN=${TOKEN_A}\n`],
      ['beta-2.env', `OPENCLAW_GATEWAY_TOKEN=${TOKEN_B}\n`],
    ]);
    expect(plan.files.find((f) => f.path === '.gitignore')?.text).toContain('*.env');
  });

  it('refuses two profiles publishing one host port, and a token an env file would change', () => {
    expect(() => composeProject([profile('a', 21000), profile('b', 21001)], host)).toThrow(
      /a and b would both publish port 21001/,
    );
    expect(() => composeProject([profile('a', 21000, { token: 'has space #1' })], host)).toThrow(
      /a's gateway token holds characters/,
    );
  });

  it('says when a profile has no token, and when the folders belong to another uid', () => {
    const notes = composeProject([profile('a', 21000)], { ...host, uid: 501 }).notes.join('\n');
    expect(notes).toContain('a has no gateway token');
    expect(notes).toContain('belong to uid 501');
  });
});

describe('the Kustomize tree', () => {
  const plan = kustomizeTree(fleet, host);
  const doc = (path: string) => plan.files.find((f) => f.path === path)?.documents?.[0] as Record<string, unknown>;

  it('has one namespace and per profile a Deployment, a Service, a PVC and a generated Secret', () => {
    expect(plan.files.map((f) => f.path)).toEqual([
      'kustomization.yaml',
      'namespace.yaml',
      '.gitignore',
      ...['alpha', 'beta-2'].flatMap((slug) =>
        ['kustomization.yaml', 'deployment.yaml', 'service.yaml', 'pvc.yaml', 'secret.env'].map((f) => `${slug}/${f}`),
      ),
    ]);
    expect(doc('kustomization.yaml')).toMatchObject({
      namespace: 'openclaw',
      resources: ['namespace.yaml', 'alpha', 'beta-2'],
    });
    expect(doc('beta-2/kustomization.yaml')).toMatchObject({
      secretGenerator: [{ name: 'openclaw-beta-2-secrets', envs: ['secret.env'] }],
    });
    expect(doc('beta-2/service.yaml')).toMatchObject({
      metadata: { name: 'openclaw-beta-2' },
      spec: { type: 'ClusterIP', ports: [{ port: 18789, targetPort: 18789 }] },
    });
    expect(doc('beta-2/pvc.yaml')).toMatchObject({ metadata: { name: 'openclaw-beta-2-home-pvc' } });
  });

  it("runs the gateway as OpenClaw's manifests do: loopback, 18789, the token from the Secret, JSON probes", () => {
    const deployment = doc('alpha/deployment.yaml') as {
      metadata: { annotations: Record<string, string> };
      spec: { template: { spec: { containers: Record<string, unknown>[] } } };
    };
    expect(deployment.metadata.annotations['lobsterpot.ai/profile']).toBe('alpha');
    const gateway = deployment.spec.template.spec.containers[0] as Record<string, unknown>;
    expect(gateway.command).toEqual([
      'node',
      '/app/dist/index.js',
      'gateway',
      'run',
      '--bind',
      'loopback',
      '--port',
      '18789',
    ]);
    expect(gateway.env).toContainEqual({
      name: 'OPENCLAW_GATEWAY_TOKEN',
      valueFrom: { secretKeyRef: { name: 'openclaw-alpha-secrets', key: 'OPENCLAW_GATEWAY_TOKEN' } },
    });
    expect(JSON.stringify(gateway.startupProbe)).toContain("/startupz').then((r) => r.json())");
    expect(JSON.stringify(gateway.livenessProbe)).toContain("b.status === 'live'");
    expect(gateway.volumeMounts).toContainEqual({ name: 'openclaw-home', mountPath: '/home/node/.openclaw' });
  });

  it('holds no token anywhere but the secret env files, and no ConfigMap at all', () => {
    for (const text of everything(plan)) {
      expect(text).not.toContain(TOKEN_A);
      expect(text).not.toContain(TOKEN_B);
      expect(text).not.toContain('ConfigMap');
    }
    expect(plan.files.find((f) => f.path === 'alpha/secret.env')).toMatchObject({
      secret: true,
      text: `OPENCLAW_GATEWAY_TOKEN=${TOKEN_A}\n`,
    });
  });
});

describe('health checks follow the exported version', () => {
  const deploymentOf = (version: string) => {
    const plan = kustomizeTree([profile('alpha', 21000)], { ...host, openclawVersion: version });
    const file = plan.files.find((f) => f.path === 'alpha/deployment.yaml');
    return (file?.documents?.[0] as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } }).spec
      .template.spec.containers[0] as Record<string, { exec: { command: string[] } }>;
  };
  const composeCheck = (version: string) => {
    const plan = composeProject([profile('alpha', 21000)], { ...host, openclawVersion: version });
    const compose = plan.files.find((f) => f.path === 'docker-compose.yml')?.documents?.[0] as {
      services: Record<string, { healthcheck: { test: string[] } }>;
    };
    return compose.services['openclaw-alpha']?.healthcheck.test ?? [];
  };

  it('2026.9.6: /startupz says started, checked on the container’s loopback (from outside it answers 403)', () => {
    const gateway = deploymentOf('2026.9.6');
    expect(gateway.startupProbe?.exec.command.at(-1)).toBe(healthScript(healthChecksOf('2026.9.6').started));
    expect(gateway.startupProbe?.exec.command.at(-1)).toContain("http://127.0.0.1:18789/startupz'");
    expect(gateway.readinessProbe?.exec.command.at(-1)).toContain("b.status === 'started'");
    expect(composeCheck('2026.9.6')).toEqual(['CMD', 'node', '-e', healthScript(healthChecksOf('2026.9.6').started)]);
  });

  it('2026.4.27 has no /startupz (the Control UI answers it with HTML): /readyz says ready', () => {
    expect(healthChecksOf('2026.4.27').started).toEqual({ path: '/readyz', check: 'b.ready === true' });
    expect(deploymentOf('2026.4.27').startupProbe?.exec.command.at(-1)).toContain('/readyz');
    expect(composeCheck('2026.4.27').at(-1)).toContain("http://127.0.0.1:18789/readyz'");
    expect(healthChecksOf('2026.8.1').started.path).toBe('/startupz');
    expect(healthChecksOf('2026.4.27').live).toEqual(healthChecksOf('2026.9.6').live);
  });
});
