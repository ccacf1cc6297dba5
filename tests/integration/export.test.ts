// `lobsterpot export` as a separate process, on real OpenClaw profiles (created by the CLI through OpenClaw's own
// onboarding, which gives each a real gateway token): the Compose project goes through Debian's `docker-compose
// config`, every object of the Kustomize tree is validated offline against the Kubernetes OpenAPI schemas
// (kubernetes-models), built with `kubectl kustomize` where kubectl exists, and no written file but the secret env
// files holds a token. No gateway is started: exporting needs none.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Namespace, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { lobsterpot } from './cli.ts';
import { World } from './world.ts';

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim,
  'v1 Secret': Secret,
  'v1 Namespace': Namespace,
};
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Validates one object against its Kubernetes schema; an unknown kind (a ConfigMap, say) fails the test. */
function validate(object: Manifest) {
  const Model = MODELS[`${object.apiVersion} ${object.kind}`];
  if (!Model) throw new Error(`unexpected object ${object.apiVersion} ${object.kind} ${object.metadata?.name}`);
  new Model(object as never).validate();
  expect(object.metadata.name.length).toBeLessThanOrEqual(63);
  expect(object.metadata.name).toMatch(DNS_1123_LABEL);
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile());

const documentsOf = (text: string) => parseAllDocuments(text).map((doc) => doc.toJS() as Manifest);

/** `kubectl kustomize` offline, or null (with the reason logged) where kubectl is not installed. */
function kustomize(dir: string): string | null {
  const found = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    console.warn(`kubectl is not installed (${found.error?.message ?? found.stderr}): the tree is assembled by hand`);
    return null;
  }
  const built = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  return built.stdout;
}

/** What kustomize would emit, assembled here: every resource file, and each secretGenerator's Secret. */
function assemble(dir: string): Manifest[] {
  const root = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
    namespace: string;
    resources: string[];
  };
  const objects: Manifest[] = [];
  for (const resource of root.resources) {
    const path = join(dir, resource);
    if (resource.endsWith('.yaml')) {
      objects.push(...documentsOf(readFileSync(path, 'utf8')));
      continue;
    }
    const kustomization = parse(readFileSync(join(path, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
      secretGenerator: { name: string; envs: string[]; type: string }[];
    };
    for (const file of kustomization.resources) objects.push(...documentsOf(readFileSync(join(path, file), 'utf8')));
    for (const generator of kustomization.secretGenerator) {
      const data: Record<string, string> = {};
      for (const env of generator.envs)
        for (const line of readFileSync(join(path, env), 'utf8').split('\n').filter(Boolean)) {
          const cut = line.indexOf('=');
          data[line.slice(0, cut)] = Buffer.from(line.slice(cut + 1)).toString('base64');
        }
      objects.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: generator.name },
        type: generator.type,
        data,
      });
    }
  }
  return objects.map((o) =>
    o.kind === 'Namespace' ? o : { ...o, metadata: { ...o.metadata, namespace: root.namespace } },
  );
}

describe('lobsterpot export, on real profiles', () => {
  let world: World;
  let out: string;
  const tokens = new Map<string, string>();
  const names = ['alpha', 'Beta_2'];

  beforeAll(async () => {
    world = await World.create({ openclawPath: null, nodePath: null });
    out = join(world.home, '..', 'exports');
    for (const [i, name] of names.entries()) {
      const created = await lobsterpot(world, ['create', name, '--port', String(world.basePort + 240 * i)]);
      expect(created, created.err).toMatchObject({ code: 0 });
      const config = JSON.parse(readFileSync(join(world.home, `.openclaw-${name}`, 'openclaw.json'), 'utf8')) as {
        gateway: { auth: { token: string } };
      };
      expect(config.gateway.auth.token.length).toBeGreaterThan(20);
      tokens.set(name, config.gateway.auth.token);
    }
  }, 120_000);

  afterAll(async () => {
    await world?.dispose();
  });

  /** No token in anything written but the 0600 env files, nor in what the command printed. */
  function expectNoTokenOutsideSecrets(dir: string, printed: string) {
    const files = filesUnder(dir);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (file.endsWith('.env')) {
        expect(statSync(file).mode & 0o777, file).toBe(0o600);
        continue;
      }
      expect(statSync(file).mode & 0o777, file).toBe(0o644);
      for (const token of tokens.values()) expect(text, relative(dir, file)).not.toContain(token);
      expect(text).not.toMatch(/kind:\s*ConfigMap/);
    }
    for (const token of tokens.values()) expect(printed).not.toContain(token);
  }

  it('compose: a project that `docker-compose config` accepts, one service per profile, ports and volumes of each plan', async () => {
    const dir = join(out, 'compose');
    const started = Date.now();
    const exported = await lobsterpot(world, ['export', 'compose', '--output', dir, '--json']);
    console.log(`export compose took ${Date.now() - started} ms (a whole CLI process)`);
    expect(exported, exported.err).toMatchObject({ code: 0 });
    const result = JSON.parse(exported.out) as { directory: string; files: string[]; profiles: string[] };
    expect(result).toMatchObject({ directory: dir, profiles: names });
    expect(result.files.sort()).toEqual(['.gitignore', 'alpha.env', 'beta-2.env', 'docker-compose.yml']);
    expectNoTokenOutsideSecrets(dir, exported.out + exported.err);

    const config = spawnSync('docker-compose', ['-f', join(dir, 'docker-compose.yml'), 'config'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(config.error).toBeUndefined();
    expect(config.status, config.stderr).toBe(0);
    const resolved = parse(config.stdout) as {
      services: Record<
        string,
        { image: string; ports: string[]; volumes: string[]; environment: Record<string, string> }
      >;
    };
    expect(Object.keys(resolved.services).sort()).toEqual(['openclaw-alpha', 'openclaw-beta-2']);
    for (const [i, name] of names.entries()) {
      const service = resolved.services[`openclaw-${name.toLowerCase().replace('_', '-')}`];
      const base = world.basePort + 240 * i;
      const stateDir = join(world.home, `.openclaw-${name}`);
      expect(service?.image).toBe('ghcr.io/openclaw/openclaw:2026.9.6');
      expect(service?.ports).toEqual([`127.0.0.1:${base}:18789/tcp`, `127.0.0.1:${base + 1}:18790/tcp`]);
      expect(service?.volumes).toContain(`${stateDir}:/home/node/.openclaw:rw`);
      // The token reaches the container from the env file (Compose reads it), not from the compose file.
      expect(service?.environment.OPENCLAW_GATEWAY_TOKEN).toBe(tokens.get(name));
    }
  });

  it('kubernetes: every object valid against the Kubernetes schemas, the tree builds, no token outside the Secrets', async () => {
    const dir = join(out, 'kustomize');
    const exported = await lobsterpot(world, ['export', 'kubernetes', '--output', dir]);
    expect(exported, exported.err).toMatchObject({ code: 0 });
    expect(exported.out).toContain(`Next: kubectl apply -k ${dir}`);
    expectNoTokenOutsideSecrets(dir, exported.out + exported.err);

    // Each manifest file on its own.
    const manifests = filesUnder(dir).filter((f) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml'));
    expect(manifests.map((f) => relative(dir, f)).sort()).toEqual([
      'alpha/deployment.yaml',
      'alpha/pvc.yaml',
      'alpha/service.yaml',
      'beta-2/deployment.yaml',
      'beta-2/pvc.yaml',
      'beta-2/service.yaml',
      'namespace.yaml',
    ]);
    for (const file of manifests) for (const object of documentsOf(readFileSync(file, 'utf8'))) validate(object);

    // The whole kustomization, as kubectl would apply it.
    const built = kustomize(dir);
    const objects = built === null ? assemble(dir) : documentsOf(built);
    for (const object of objects) validate(object);
    const kinds = objects.map((o) => o.kind).sort();
    expect(kinds).toEqual([
      'Deployment',
      'Deployment',
      'Namespace',
      'PersistentVolumeClaim',
      'PersistentVolumeClaim',
      'Secret',
      'Secret',
      'Service',
      'Service',
    ]);
    for (const name of names) {
      const slug = name.toLowerCase().replace('_', '-');
      const secret = objects.find(
        (o) => o.kind === 'Secret' && o.metadata.name.startsWith(`openclaw-${slug}-secrets`),
      ) as Manifest & {
        data: Record<string, string>;
      };
      expect(Buffer.from(secret.data.OPENCLAW_GATEWAY_TOKEN ?? '', 'base64').toString()).toBe(tokens.get(name));
      const deployment = objects.find(
        (o) => o.kind === 'Deployment' && o.metadata.name === `openclaw-${slug}`,
      ) as unknown as {
        spec: { template: { spec: { containers: { env: { name: string; valueFrom?: unknown }[] }[] } } };
      };
      // The Deployment takes its token from that Secret (kustomize renames it with a hash and follows the reference).
      const env = deployment.spec.template.spec.containers[0]?.env.find((e) => e.name === 'OPENCLAW_GATEWAY_TOKEN');
      expect(env?.valueFrom).toEqual({ secretKeyRef: { name: secret.metadata.name, key: 'OPENCLAW_GATEWAY_TOKEN' } });
      expect(JSON.stringify(deployment)).not.toContain(tokens.get(name));
    }
    expect(
      objects.every((o) => o.kind === 'Namespace' || (o.metadata as { namespace?: string }).namespace === 'openclaw'),
    ).toBe(true);
  });

  it('refuses a folder that is not empty (exit 3), and writes into it with --force', async () => {
    const dir = join(out, 'busy');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const refused = await lobsterpot(world, ['export', 'compose', '--output', dir]);
    expect(refused.code).toBe(3);
    expect(refused.err).toContain(`${dir} is not empty`);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    expect((await lobsterpot(world, ['export', 'compose', '--output', dir, '--force'])).code).toBe(0);
    expect(readdirSync(dir)).toContain('docker-compose.yml');
  });

  it('refuses profiles that share a Telegram bot (the audit finds it): exit 3, nothing written', async () => {
    const bot = '123456789:AAH-export-shared-bot-never-shown';
    for (const [i, name] of ['tg1', 'tg2'].entries()) {
      const dir = join(world.home, `.openclaw-${name}`);
      mkdirSync(dir, { recursive: true });
      const port = world.basePort + 600 + 240 * i;
      writeFileSync(
        join(dir, 'openclaw.json'),
        JSON.stringify({
          gateway: { mode: 'local', port, bind: 'loopback' },
          channels: { telegram: { botToken: bot } },
        }),
      );
    }
    for (const args of [['compose', 'tg1', 'tg2'], ['kubernetes']]) {
      const dir = join(out, `refused-${args[0]}`);
      const refused = await lobsterpot(world, ['export', ...args, '--output', dir]);
      expect(refused.code, refused.err).toBe(3);
      expect(refused.err).toContain(
        'tg1 (channels.telegram.botToken) and tg2 (channels.telegram.botToken) use the same telegram credential',
      );
      expect(refused.err + refused.out).not.toContain(bot);
      expect(existsSync(dir)).toBe(false);
    }
    // Without the profiles that share, the rest of the fleet still exports.
    const rest = await lobsterpot(world, ['export', 'compose', 'alpha', 'tg1', '--output', join(out, 'rest')]);
    expect(rest, rest.err).toMatchObject({ code: 0 });
  });
});
