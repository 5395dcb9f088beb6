import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/report/redact.js';

describe('redactSecrets', () => {
  it.each([
    ['sk-ant-api03-AbCdEfGhIjKlMnOpQrSt_uv-wx', 'anthropic-key'],
    ['sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12', 'openai-key'],
    ['sk-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12', 'openai-key'],
    ['AKIAIOSFODNN7EXAMPLE', 'aws-key-id'],
    ['ASIAIOSFODNN7EXAMPLE', 'aws-key-id'],
    [`ghp_${'A1'.repeat(18)}`, 'github-token'],
    [`ghs_${'b2'.repeat(18)}`, 'github-token'],
    [`github_pat_11ABCDEFG0${'x'.repeat(40)}`, 'github-token'],
    ['xoxb-123456789012-abcdefABCDEF', 'slack-token'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'jwt'],
  ])('redacts %s', (secret, label) => {
    const out = redactSecrets(`key=${secret} end`);
    expect(out).toBe(`key=[REDACTED:${label}] end`);
  });

  it('leaves ordinary prose alone', () => {
    const prose = 'risk-assessment-module-name, sk-learn-compatible-estimators, task-antelope, AKIA short';
    expect(redactSecrets(prose)).toBe(prose);
  });

  it('redacts literal values of configured keys, but not short ones', () => {
    expect(redactSecrets('value s3cr3t-v@lue! and abc', ['s3cr3t-v@lue!', 'abc'])).toBe('value [REDACTED] and abc');
  });
});
