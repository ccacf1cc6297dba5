// The fleet as a Kustomize tree shaped like OpenClaw's own manifests (scripts/k8s/manifests: a Deployment, a Service on
// 18789, a PersistentVolumeClaim for state and config, a Secret with the gateway token), once per profile, all in one
// namespace. The Secret comes from a secretGenerator reading an env file (0600, git-ignored) beside the manifests, so
// `kubectl apply -k` makes it and no manifest holds the token. Pure.
import {
  CONTAINER,
  TOKEN_VARIABLE,
  browserNotes,
  checkToken,
  envFileText,
  folderMounts,
  healthChecksOf,
  healthScript,
  imageOf,
  slugsOf,
  type HealthCheck,
  type ExportFile,
  type ExportHost,
  type ExportPlan,
  type ExportProfile,
} from './export-model.ts';

export const NAMESPACE = 'openclaw';
export const SECRET_ENV_FILE = 'secret.env';
const KUSTOMIZATION = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };
/** The init container's image, as OpenClaw's manifests pin it. */
const BUSYBOX = 'busybox:1.37';
/** The init container waits for this file: the state is copied in, then this is touched (see the notes). */
export const COPIED_MARKER = '.lobsterpot-state-copied';

const nameOf = (slug: string) => `openclaw-${slug}`;

/** An exec probe that checks OpenClaw's JSON probe contract, not just the status (the Control UI answers 200 to all). */
const probe = (health: HealthCheck, timing: Record<string, number>) => ({
  exec: { command: ['node', '-e', healthScript(health)] },
  ...timing,
});

const hardened = {
  runAsNonRoot: true,
  runAsUser: CONTAINER.uid,
  runAsGroup: CONTAINER.uid,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

function deployment(
  profile: ExportProfile,
  slug: string,
  image: string,
  home: string,
  health: ReturnType<typeof healthChecksOf>,
) {
  const name = nameOf(slug);
  const labels = { app: name };
  // The state dir is the volume's root; folders the config names by host path are the same volume, mounted there too.
  const mounts = folderMounts(profile, home).mounts.filter((m) => m.why !== 'workspace');
  const volumeMounts = mounts.map((m) => ({
    name: 'openclaw-home',
    mountPath: m.container,
    ...(m.subPath ? { subPath: m.subPath } : {}),
  }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels, annotations: { 'lobsterpot.ai/profile': profile.name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      // One gateway per state dir: the old pod lets go of the volume before the new one starts.
      strategy: { type: 'Recreate' },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { fsGroup: CONTAINER.uid, seccompProfile: { type: 'RuntimeDefault' } },
          initContainers: [
            {
              name: 'wait-for-state',
              image: BUSYBOX,
              imagePullPolicy: 'IfNotPresent',
              command: [
                'sh',
                '-c',
                `until [ -f ${CONTAINER.stateDir}/${COPIED_MARKER} ]; do echo "waiting for the profile's state (kubectl cp, then touch ${COPIED_MARKER})"; sleep 5; done`,
              ],
              securityContext: hardened,
              resources: { requests: { memory: '32Mi', cpu: '50m' }, limits: { memory: '64Mi', cpu: '100m' } },
              volumeMounts: [{ name: 'openclaw-home', mountPath: CONTAINER.stateDir }],
            },
          ],
          containers: [
            {
              name: 'gateway',
              image,
              imagePullPolicy: 'IfNotPresent',
              command: [
                'node',
                '/app/dist/index.js',
                'gateway',
                'run',
                '--bind',
                'loopback',
                '--port',
                String(CONTAINER.port),
              ],
              ports: [{ name: 'gateway', containerPort: CONTAINER.port, protocol: 'TCP' }],
              env: [
                { name: 'HOME', value: CONTAINER.home },
                { name: 'OPENCLAW_CONFIG_DIR', value: CONTAINER.stateDir },
                { name: 'NODE_ENV', value: 'production' },
                // V8 ignores the cgroup limit: its heap is pinned to ~75 % of the memory limit below.
                { name: 'NODE_OPTIONS', value: '--max-old-space-size=1536' },
                {
                  name: TOKEN_VARIABLE,
                  valueFrom: { secretKeyRef: { name: `${name}-secrets`, key: TOKEN_VARIABLE } },
                },
              ],
              resources: { requests: { memory: '512Mi', cpu: '250m' }, limits: { memory: '2Gi', cpu: '1' } },
              // Started as the exported version says it (healthChecksOf); five minutes to start.
              startupProbe: probe(health.started, {
                periodSeconds: 10,
                timeoutSeconds: 5,
                failureThreshold: 30,
              }),
              readinessProbe: probe(health.started, { periodSeconds: 10, timeoutSeconds: 5 }),
              livenessProbe: probe(health.live, {
                periodSeconds: 30,
                timeoutSeconds: 10,
              }),
              volumeMounts: [...volumeMounts, { name: 'tmp-volume', mountPath: '/tmp' }],
              securityContext: hardened,
            },
          ],
          volumes: [
            { name: 'openclaw-home', persistentVolumeClaim: { claimName: `${name}-home-pvc` } },
            { name: 'tmp-volume', emptyDir: {} },
          ],
        },
      },
    },
  };
}

const service = (slug: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: nameOf(slug), labels: { app: nameOf(slug) } },
  spec: {
    type: 'ClusterIP',
    selector: { app: nameOf(slug) },
    ports: [{ name: 'gateway', port: CONTAINER.port, targetPort: CONTAINER.port, protocol: 'TCP' }],
  },
});

const claim = (slug: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: `${nameOf(slug)}-home-pvc`, labels: { app: nameOf(slug) } },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
});

export function kustomizeTree(profiles: readonly ExportProfile[], host: ExportHost): ExportPlan {
  const slugs = slugsOf(profiles);
  const { image, version, note: imageNote } = imageOf(host.openclawVersion);
  const health = healthChecksOf(version);
  const files: ExportFile[] = [];
  const notes: string[] = [];
  for (const profile of profiles) {
    const slug = slugs.get(profile.name) as string;
    const name = nameOf(slug);
    if (profile.token !== null) checkToken(profile.name, profile.token);
    files.push(
      {
        path: `${slug}/kustomization.yaml`,
        documents: [
          {
            ...KUSTOMIZATION,
            resources: ['deployment.yaml', 'service.yaml', 'pvc.yaml'],
            secretGenerator: [{ name: `${name}-secrets`, envs: [SECRET_ENV_FILE], type: 'Opaque' }],
          },
        ],
        secret: false,
      },
      {
        path: `${slug}/deployment.yaml`,
        documents: [deployment(profile, slug, image, host.home, health)],
        secret: false,
      },
      { path: `${slug}/service.yaml`, documents: [service(slug)], secret: false },
      { path: `${slug}/pvc.yaml`, documents: [claim(slug)], secret: false },
      { path: `${slug}/${SECRET_ENV_FILE}`, text: envFileText(profile.token), secret: true },
    );
    if (profile.token === null)
      notes.push(
        `${profile.name} has no gateway token in its config: put one in ${slug}/${SECRET_ENV_FILE} (${TOKEN_VARIABLE}=…) before applying.`,
      );
    const outside = folderMounts(profile, host.home).mounts.filter((m) => m.why === 'outside');
    for (const m of outside)
      notes.push(
        `${profile.name}'s config names ${m.container}, outside its state dir: it lives on the volume at ${CONTAINER.stateDir}/${m.subPath}; copy ${m.host} there too.`,
      );
  }
  files.unshift(
    {
      path: 'kustomization.yaml',
      documents: [{ ...KUSTOMIZATION, namespace: NAMESPACE, resources: ['namespace.yaml', ...slugs.values()] }],
      secret: false,
    },
    {
      path: 'namespace.yaml',
      documents: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }],
      secret: false,
    },
    { path: '.gitignore', text: '# Gateway tokens: never commit these.\n*.env\n', secret: false },
  );
  const [first] = profiles;
  const example = first ? nameOf(slugs.get(first.name) as string) : 'openclaw-<profile>';
  notes.push(
    `Image ${image} (OpenClaw's official image); in the namespace ${NAMESPACE}, per profile a Deployment, a Service, a PersistentVolumeClaim (10Gi) and a Secret: ${[...slugs.values()].map(nameOf).join(', ')}.`,
    `The Secrets come from kustomize's secretGenerator reading <profile>/${SECRET_ENV_FILE} (mode 0600, ignored by the .gitignore here); no manifest and no ConfigMap holds a token. (OpenClaw's own deploy script makes its Secret outside Kustomize for the same reason.)`,
    `Nothing of the state is in the manifests: each pod waits (init container wait-for-state) until its profile's state dir is copied onto its volume, e.g. for ${first?.name ?? 'a profile'}: POD=$(kubectl get pod -n ${NAMESPACE} -l app=${example} -o name); kubectl cp ${first ? first.stateDir : '<state dir>'}/. ${NAMESPACE}/\${POD#pod/}:${CONTAINER.stateDir} -c wait-for-state; kubectl exec -n ${NAMESPACE} \${POD#pod/} -c wait-for-state -- touch ${CONTAINER.stateDir}/${COPIED_MARKER}. Stop that gateway here first, so the copy is whole.`,
    `As in OpenClaw's manifests the gateway binds to loopback inside its pod: reach it with kubectl port-forward -n ${NAMESPACE} svc/${example} ${first?.basePort ?? 18789}:${CONTAINER.port} (the profile's own port on your side). For an Ingress or load balancer, switch to a non-loopback bind with TLS in front.`,
  );
  notes.push(...browserNotes(profiles, 'point it at a browser the pod can reach'));
  if (imageNote) notes.push(imageNote);
  return { files, notes };
}
