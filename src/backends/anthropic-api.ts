import type { Backend } from './backend.js';

export const anthropicApiBackend: Backend = {
  id: 'anthropic',
  async run() {
    return { status: 'failed', reason: 'exit-code', message: 'the anthropic backend is not built yet', rawOutput: '', durationMs: 0, warnings: [] };
  },
};
