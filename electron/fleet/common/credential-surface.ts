// OpenClaw's SecretRef credential surface: every openclaw.json path that holds a user-supplied credential, as listed in
// its package's docs/reference/secretref-credential-surface.md (2026.9.6; a unit test compares it with the installed doc).

export const CREDENTIAL_PATHS: readonly string[] = [
  'agents.entries.*.memory.search.remote.apiKey',
  'agents.entries.*.tts.personas.*.providers.*.apiKey',
  'agents.entries.*.tts.providers.*.apiKey',
  'channels.buzz.accounts.*.authTag',
  'channels.buzz.accounts.*.privateKey',
  'channels.buzz.authTag',
  'channels.buzz.privateKey',
  'channels.clickclack.accounts.*.token',
  'channels.clickclack.token',
  'channels.discord.accounts.*.pluralkit.token',
  'channels.discord.accounts.*.token',
  'channels.discord.accounts.*.voice.realtime.providers.*.apiKey',
  'channels.discord.accounts.*.voice.tts.personas.*.providers.*.apiKey',
  'channels.discord.accounts.*.voice.tts.providers.*.apiKey',
  'channels.discord.pluralkit.token',
  'channels.discord.token',
  'channels.discord.voice.realtime.providers.*.apiKey',
  'channels.discord.voice.tts.personas.*.providers.*.apiKey',
  'channels.discord.voice.tts.providers.*.apiKey',
  'channels.feishu.accounts.*.appSecret',
  'channels.feishu.accounts.*.encryptKey',
  'channels.feishu.accounts.*.verificationToken',
  'channels.feishu.appSecret',
  'channels.feishu.encryptKey',
  'channels.feishu.verificationToken',
  'channels.googlechat.accounts.*.serviceAccount',
  'channels.googlechat.serviceAccount',
  'channels.irc.accounts.*.nickserv.password',
  'channels.irc.accounts.*.password',
  'channels.irc.nickserv.password',
  'channels.irc.password',
  'channels.matrix.accessToken',
  'channels.matrix.accounts.*.accessToken',
  'channels.matrix.accounts.*.password',
  'channels.matrix.password',
  'channels.mattermost.accounts.*.botToken',
  'channels.mattermost.botToken',
  'channels.msteams.appPassword',
  'channels.nextcloud-talk.accounts.*.apiPassword',
  'channels.nextcloud-talk.accounts.*.botSecret',
  'channels.nextcloud-talk.apiPassword',
  'channels.nextcloud-talk.botSecret',
  'channels.nostr.privateKey',
  'channels.qqbot.accounts.*.clientSecret',
  'channels.qqbot.clientSecret',
  'channels.slack.accounts.*.appToken',
  'channels.slack.accounts.*.botToken',
  'channels.slack.accounts.*.relay.authToken',
  'channels.slack.accounts.*.signingSecret',
  'channels.slack.accounts.*.userToken',
  'channels.slack.appToken',
  'channels.slack.botToken',
  'channels.slack.relay.authToken',
  'channels.slack.signingSecret',
  'channels.slack.userToken',
  'channels.sms.accounts.*.authToken',
  'channels.sms.authToken',
  'channels.telegram.accounts.*.botToken',
  'channels.telegram.accounts.*.webhookSecret',
  'channels.telegram.botToken',
  'channels.telegram.webhookSecret',
  'channels.zalo.accounts.*.botToken',
  'channels.zalo.accounts.*.webhookSecret',
  'channels.zalo.botToken',
  'channels.zalo.webhookSecret',
  'cron.webhookToken',
  'gateway.auth.password',
  'gateway.auth.token',
  'gateway.remote.password',
  'gateway.remote.token',
  'memory.search.remote.apiKey',
  'models.providers.*.apiKey',
  'models.providers.*.headers.*',
  'models.providers.*.request.auth.token',
  'models.providers.*.request.auth.value',
  'models.providers.*.request.headers.*',
  'models.providers.*.request.proxy.tls.ca',
  'models.providers.*.request.proxy.tls.cert',
  'models.providers.*.request.proxy.tls.key',
  'models.providers.*.request.proxy.tls.passphrase',
  'models.providers.*.request.tls.ca',
  'models.providers.*.request.tls.cert',
  'models.providers.*.request.tls.key',
  'models.providers.*.request.tls.passphrase',
  'plugins.entries.acpx.config.mcpServers.*.env.*',
  'plugins.entries.brave.config.webSearch.apiKey',
  'plugins.entries.codex.config.appServer.authToken',
  'plugins.entries.codex.config.appServer.headers.*',
  'plugins.entries.comfy.config.headers.*',
  'plugins.entries.exa.config.webSearch.apiKey',
  'plugins.entries.facetime.config.realtime.providers.*.apiKey',
  'plugins.entries.firecrawl.config.webFetch.apiKey',
  'plugins.entries.firecrawl.config.webSearch.apiKey',
  'plugins.entries.google-meet.config.realtime.providers.*.apiKey',
  'plugins.entries.google.config.webSearch.apiKey',
  'plugins.entries.google.config.webSearch.headers.*',
  'plugins.entries.imap.config.accounts.*.password',
  'plugins.entries.minimax.config.webSearch.apiKey',
  'plugins.entries.moonshot.config.webSearch.apiKey',
  'plugins.entries.parallel.config.webSearch.apiKey',
  'plugins.entries.perplexity.config.webSearch.apiKey',
  'plugins.entries.tavily.config.webSearch.apiKey',
  'plugins.entries.team-reports.config.discord.token',
  'plugins.entries.team-reports.config.github.token',
  'plugins.entries.typesafe.config.apiKey',
  'plugins.entries.voice-call.config.realtime.providers.*.apiKey',
  'plugins.entries.voice-call.config.streaming.providers.*.apiKey',
  'plugins.entries.voice-call.config.tts.providers.*.apiKey',
  'plugins.entries.voice-call.config.twilio.authToken',
  'plugins.entries.webhooks.config.routes.*.secret',
  'plugins.entries.xai.config.webSearch.apiKey',
  'skills.entries.*.apiKey',
  'talk.providers.*.apiKey',
  'talk.realtime.providers.*.apiKey',
  'tts.personas.*.providers.*.apiKey',
  'tts.providers.*.apiKey',
];

/** Keys beside a channel's credentials that name a file holding one (`tokenFile` beats `botToken`, which beats env). */
export const CREDENTIAL_FILE_KEYS: readonly string[] = [
  'tokenFile',
  'secretFile',
  'passwordFile',
  'serviceAccountFile',
  'clientSecretFile',
];

/**
 * The environment variables a channel's default account falls back to when its config names no credential (the
 * channels' `configuredState.env` in OpenClaw's plugin manifests): every profile without its own token shares them.
 */
export const CHANNEL_ENV_FALLBACKS: readonly { env: string; path: string }[] = [
  { env: 'TELEGRAM_BOT_TOKEN', path: 'channels.telegram.botToken' },
  { env: 'DISCORD_BOT_TOKEN', path: 'channels.discord.token' },
  { env: 'SLACK_BOT_TOKEN', path: 'channels.slack.botToken' },
  { env: 'SLACK_APP_TOKEN', path: 'channels.slack.appToken' },
  { env: 'SLACK_USER_TOKEN', path: 'channels.slack.userToken' },
  { env: 'MATTERMOST_BOT_TOKEN', path: 'channels.mattermost.botToken' },
  { env: 'ZALO_BOT_TOKEN', path: 'channels.zalo.botToken' },
  { env: 'CLICKCLACK_BOT_TOKEN', path: 'channels.clickclack.token' },
  { env: 'NOSTR_PRIVATE_KEY', path: 'channels.nostr.privateKey' },
  { env: 'BUZZ_PRIVATE_KEY', path: 'channels.buzz.privateKey' },
  { env: 'MATRIX_ACCESS_TOKEN', path: 'channels.matrix.accessToken' },
  { env: 'MATRIX_PASSWORD', path: 'channels.matrix.password' },
  { env: 'FEISHU_APP_SECRET', path: 'channels.feishu.appSecret' },
  { env: 'QQBOT_CLIENT_SECRET', path: 'channels.qqbot.clientSecret' },
];

export type CredentialScope = 'channel' | 'gateway';

/**
 * Whether sharing the credential at `path` between two gateways is an isolation problem: a channel's own credential
 * (two gateways on one bot fight over it), or the gateway's own auth. Provider API keys may be shared on purpose.
 */
export function isolationScope(path: string): CredentialScope | null {
  if (path.startsWith('channels.')) return /\.(voice|tts|realtime)\.|apiKey$/.test(path) ? null : 'channel';
  if (path === 'gateway.auth.token' || path === 'gateway.auth.password') return 'gateway';
  return null;
}

/** Whether a concrete config path (`channels.telegram.accounts.ops.botToken`) matches a surface pattern (`*` = a key). */
export function matchesPattern(path: string, pattern: string): boolean {
  const parts = path.split('.');
  const wanted = pattern.split('.');
  return parts.length === wanted.length && wanted.every((part, i) => part === '*' || part === parts[i]);
}
