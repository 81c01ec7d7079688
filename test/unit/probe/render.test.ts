// The human report of `mailsetup test`: a line per step with ✓/✗ and ms, each
// diagnosis with what to do, and a closing verdict.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../cli/commands/test.js';
import type { TestReport } from '../../../shared/probe.js';

const report: TestReport = {
  email: 'jane@example.com',
  ok: false,
  summary: 'SMTP smtp.example.com:587 failed (AUTH_FAILED)',
  servers: [
    {
      protocol: 'smtp', host: 'smtp.example.com', port: 587, security: 'starttls', ok: false,
      steps: [
        { step: 'resolve', ok: true, ms: 3, detail: '192.0.2.1' },
        { step: 'auth', ok: false, ms: 120, detail: '535 5.7.8 Error: authentication failed' },
      ],
      auth: { offeredBeforeTls: [], offeredAfterTls: ['PLAIN', 'LOGIN'], mechanism: 'PLAIN', ok: false, attempted: true },
      diagnosis: [{ code: 'AUTH_FAILED', severity: 'error', message: 'SMTP login was refused.', fix: 'Check the password.' }],
      transcript: ['C: AUTH PLAIN <redacted>'],
    },
  ],
};

describe('renderReport', () => {
  it('shows steps, diagnosis with its fix, and the verdict — never the transcript', () => {
    const text = renderReport(report);
    expect(text).toContain('SMTP smtp.example.com:587 (STARTTLS): FAILED');
    expect(text).toMatch(/✓ resolve\s+3 ms {2}192\.0\.2\.1/);
    expect(text).toMatch(/✗ auth\s+120 ms {2}535 5\.7\.8/);
    expect(text).toContain('✗ AUTH_FAILED: SMTP login was refused.');
    expect(text).toContain('what to do: Check the password.');
    expect(text).toContain('login methods offered: PLAIN LOGIN (used PLAIN)');
    expect(text.trimEnd().split('\n').pop()).toBe('Not working yet: SMTP smtp.example.com:587 failed (AUTH_FAILED)');
    expect(text).not.toContain('AUTH PLAIN');
  });
});
