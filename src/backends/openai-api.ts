import type { Backend } from './backend.js';

export const openaiApiBackend: Backend = {
  id: 'openai',
  async run() {
    return { status: 'failed', reason: 'exit-code', message: 'the openai backend is not built yet', rawOutput: '', durationMs: 0, warnings: [] };
  },
};
