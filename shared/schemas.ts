// Input schemas for every request: each door validates params here before the engine runs.
import * as z from 'zod';
import { EXPORT_FORMATS, HELPDESK_CLIENTS } from './profiles.js';
import { DISCOVERY_SOURCES } from './discover.js';
import type { RequestName } from './contract.js';
import { invisibleCharacter } from './email.js';
import { passwordProblem } from './password.js';
import { cpanelSchemas } from './cpanel-schemas.js';

const noCrLf = (s: string): boolean => !/[\r\n\u0000]/.test(s);
const text = (max: number) => z.string().max(max).refine(noCrLf, 'must not contain line breaks');
const email = text(320).min(3);
/** A login name: not empty, nothing invisible (it would be stored and sent as is). */
const username = text(320)
  .min(1, 'must not be empty (leave it out to use the address)')
  .refine((s) => s.trim() === s && invisibleCharacter(s) === null, 'must not start or end with spaces nor contain invisible or text-direction characters');
const secret = z.string().max(4096).refine((s) => passwordProblem(s) === null, 'must be one line of text (no line break, NUL or broken character)');

export const serverSpecSchema = z.object({
  host: text(253).min(1),
  port: z.number().int().min(1).max(65535),
  security: z.enum(['tls', 'starttls', 'none']),
});

export const resolverSchema = text(300).regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+|[0-9a-fA-F:]+)(:\d{1,5})?$/, 'expected HOST[:PORT]');

export const schemas = {
  discover: z.object({
    email,
    timeoutMs: z.number().int().min(100).max(120_000).optional(),
    noGuess: z.boolean().optional(),
    offline: z.boolean().optional(),
    resolver: resolverSchema.optional(),
    ispdbUrl: z.string().url().max(2000).optional(),
  }),
  test: z.object({
    email,
    password: secret.optional(),
    smtpPassword: secret.optional(),
    username: username.optional(),
    imap: serverSpecSchema.optional(),
    smtp: serverSpecSchema.optional(),
    resolver: resolverSchema.optional(),
    caPem: z.string().max(1_000_000).optional(),
    trustFingerprints: z.array(text(200)).max(20).optional(),
    timeoutMs: z.number().int().min(100).max(300_000).optional(),
    save: z.boolean().optional(),
    displayName: text(200).optional(),
    source: z.enum(DISCOVERY_SOURCES).optional(),
  }),
  save: z.object({
    email,
    password: secret,
    smtpPassword: secret.optional(),
    displayName: text(200).optional(),
    username: username.optional(),
    imap: serverSpecSchema.optional(),
    smtp: serverSpecSchema.optional(),
    resolver: resolverSchema.optional(),
    source: z.enum(DISCOVERY_SOURCES).optional(),
  }),
  accounts: z.object({}).strict(),
  forget: z.object({ email }),
  export: z.object({
    email,
    format: z.enum(EXPORT_FORMATS),
    includePassword: z.boolean().optional(),
    signCertPem: z.string().max(1_000_000).optional(),
    signKeyPem: z.string().max(1_000_000).optional(),
    profileUrl: z.string().url().max(2000).optional(),
    password: secret.optional(),
    smtpPassword: secret.optional(),
    imap: serverSpecSchema.optional(),
    smtp: serverSpecSchema.optional(),
    username: username.optional(),
    displayName: z.string().max(200).optional(),
    client: z.enum(HELPDESK_CLIENTS).optional(),
    platform: z.enum(['linux', 'macos']).optional(),
  }),
  hosts: z.object({ hosts: z.array(text(253).min(1)).min(1).max(10), resolver: resolverSchema.optional(), resolve: z.boolean().optional() }),
  ...cpanelSchemas,
  audit: z.object({
    target: text(320).min(1),
    resolver: resolverSchema.optional(),
    timeoutMs: z.number().int().min(100).max(120_000).optional(),
    dkimSelectors: z.array(text(63).regex(/^[A-Za-z0-9_.-]+$/, 'a DKIM selector is letters, digits, "-", "_" and "."')).max(20).optional(),
    smtp: serverSpecSchema.optional(),
    imap: serverSpecSchema.optional(),
    noProbe: z.boolean().optional(),
    caPem: z.string().max(1_000_000).optional(),
  }),
} satisfies Record<RequestName, z.ZodType>;

/** A readable one-line summary of what is wrong with a request's params. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'request'}: ${i.message}`)
    .join('; ');
}
