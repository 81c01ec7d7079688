// The bare UAPI envelope over HTTP: {data, errors, warnings, messages, metadata, status}
// (cpanel-uapi.md §2.1), and cPanel's status-0 texts mapped to error codes.
import { fail, ok, type Result } from '../../shared/errors.js';

export interface Envelope {
  data: unknown;
  messages: string[];
  warnings: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function readEnvelope(body: string, call: string): Result<Envelope> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail('CPANEL_API_ERROR', `cPanel's answer to ${call} is not JSON.`, { fix: 'Check that the address is cPanel itself (port 2083), not a web page in front of it.' });
  }
  if (typeof parsed !== 'object' || parsed === null || !('status' in parsed)) {
    return fail('CPANEL_API_ERROR', `cPanel's answer to ${call} is not a UAPI answer.`, { fix: 'Check that the address is cPanel itself (port 2083).' });
  }
  const env = parsed as Record<string, unknown>;
  if (toNumber(env.status) === 1) return ok({ data: env.data, messages: strings(env.messages), warnings: strings(env.warnings) });
  const errors = strings(env.errors);
  const text = errors.join(' ') || 'cPanel reported a failure without saying why.';
  const feature = /You do not have the feature “([^”]+)”/.exec(text) ?? /You do not have the feature "([^"]+)"/.exec(text);
  if (feature) {
    return fail('CPANEL_FEATURE_MISSING', `This cPanel account lacks the feature "${feature[1]}" that ${call} needs.`, {
      fix: `Ask your hosting provider to enable "${feature[1]}" for the account (or for the API token).`,
      serverSays: text,
    });
  }
  return fail('CPANEL_API_ERROR', `cPanel refused ${call}: ${text}`, errors.length > 0 ? { serverSays: text } : {});
}

/** cPanel sends numbers as strings at times (cpanel-uapi.md §3): accept 1 and "1". */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}
