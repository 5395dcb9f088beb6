import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { makeCliEnv, PROJECT_ROOT, type CliEnv } from './cli-env.js';
import { startModelServer, type ModelServer } from './model-server.js';

/** The built command line, as a user runs it (`npm test` builds first). */
export const BUILT_CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');

export interface ScriptedModels {
  readonly server: ModelServer;
  readonly cliEnv: CliEnv;
}

/**
 * For an end-to-end test file: one scripted model server and a scratch environment that points the
 * real CLIs at it, started before the file's tests and removed after them.
 */
export function useScriptedModels(): ScriptedModels {
  let server: ModelServer | undefined;
  let cliEnv: CliEnv | undefined;
  beforeAll(async () => {
    server = await startModelServer();
    cliEnv = await makeCliEnv(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await cliEnv?.cleanup();
  });
  return {
    get server() {
      if (!server) throw new Error('the scripted model server is not started yet (use it inside a test)');
      return server;
    },
    get cliEnv() {
      if (!cliEnv) throw new Error('the CLI environment is not ready yet (use it inside a test)');
      return cliEnv;
    },
  };
}
