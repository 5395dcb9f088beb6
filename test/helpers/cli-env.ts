/**
 * A scratch environment that points the real `claude` and `codex` at the scripted model server,
 * exactly the way a user points them elsewhere: `ANTHROPIC_BASE_URL` + key for Claude, a custom
 * model provider in `$CODEX_HOME/config.toml` for Codex (cli-protocols.md §1.1, §2.1). Nothing of
 * the machine's real config, login or session history is read or written.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where the pinned devDependency binaries live; first on the scratch PATH. */
export const BIN_DIR = path.join(PROJECT_ROOT, 'node_modules', '.bin');
/** The env var Codex reads its (fake) key from, as named by `env_key` in config.toml. */
export const CODEX_KEY_VAR = 'XCHECK_TEST_OPENAI_KEY';
/** The model written to config.toml: the one id 0.171 knows, so no "model metadata" warning (§2.3). */
export const CODEX_TEST_MODEL = 'gpt-5.5';

export interface CliEnvOptions {
  /** Claude retries after the first attempt; 0 keeps fault tests fast. */
  claudeMaxRetries?: number;
  codexModel?: string;
  /** Codex gives up on a silent stream after this long (its default is 300 s). */
  codexStreamIdleTimeoutMs?: number;
  /** Extra variables, e.g. a per-test marker. */
  extra?: NodeJS.ProcessEnv;
}

export interface CliEnv {
  env: NodeJS.ProcessEnv;
  root: string;
  home: string;
  codexHome: string;
  claudeConfigDir: string;
  cleanup(): Promise<void>;
}

export async function makeCliEnv(serverUrl: string, options: CliEnvOptions = {}): Promise<CliEnv> {
  const root = await makeScratchRoot();
  const home = path.join(root, 'home');
  const codexHome = path.join(root, 'codex');
  const claudeConfigDir = path.join(root, 'claude');
  await Promise.all([home, codexHome, claudeConfigDir].map((dir) => mkdir(dir, { recursive: true })));
  await writeFile(path.join(codexHome, 'config.toml'), codexConfig(serverUrl, options));

  const env: NodeJS.ProcessEnv = {
    // A minimal environment: no real proxies, keys or NODE_OPTIONS from the test runner leak in.
    PATH: [BIN_DIR, process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(path.delimiter),
    HOME: home,
    LANG: process.env.LANG ?? 'C.UTF-8',
    NO_PROXY: '127.0.0.1,localhost',
    CLAUDE_CONFIG_DIR: claudeConfigDir,
    ANTHROPIC_BASE_URL: serverUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    CLAUDE_CODE_MAX_RETRIES: String(options.claudeMaxRetries ?? 0),
    CODEX_HOME: codexHome,
    [CODEX_KEY_VAR]: 'sk-test-key',
    ...options.extra,
  };
  return { env, root, home, codexHome, claudeConfigDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

function codexConfig(serverUrl: string, options: CliEnvOptions): string {
  return [
    `model = "${options.codexModel ?? CODEX_TEST_MODEL}"`,
    'model_provider = "scripted"',
    '',
    '[model_providers.scripted]',
    'name = "scripted"',
    `base_url = "${serverUrl}/v1"`,
    `env_key = "${CODEX_KEY_VAR}"`,
    // "chat" is rejected by 0.171 (§7.3).
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    `stream_idle_timeout_ms = ${options.codexStreamIdleTimeoutMs ?? 5000}`,
    '',
  ].join('\n');
}

/**
 * Outside the system temp dir when possible: with CODEX_HOME under it, Codex warns "Refusing to
 * create helper binaries under temporary dir" on every run (§7.8).
 */
async function makeScratchRoot(): Promise<string> {
  const cache = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'xcheck-cli-env');
  try {
    await mkdir(cache, { recursive: true });
    return await mkdtemp(path.join(cache, 'env-'));
  } catch {
    return mkdtemp(path.join(tmpdir(), 'xcheck-cli-env-'));
  }
}
