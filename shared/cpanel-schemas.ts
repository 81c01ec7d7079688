// Input schemas of the cpanel* requests (spread into schemas.ts).
import { z } from 'zod';
import { EXPORT_FORMATS } from './profiles.js';

const noCrLf = (s: string): boolean => !/[\r\n\u0000]/.test(s);
const text = (max: number) => z.string().max(max).refine(noCrLf, 'must not contain line breaks');
const connection = text(300).min(1);

export const cpanelSchemas = {
  cpanelConnect: z.object({ url: text(2000).min(1), user: text(64).min(1), token: text(512).min(1), trustFingerprint: text(200).optional() }),
  cpanelList: z.object({}).strict(),
  cpanelDisconnect: z.object({ connection }),
  cpanelRefresh: z.object({ connection }),
  cpanelMailboxes: z.object({ connection: connection.optional() }),
  cpanelAddMailbox: z.object({
    email: text(320).min(3),
    connection: connection.optional(),
    quotaMb: z.number().int().min(0).max(1_000_000_000).optional(),
    password: z.string().min(1).max(4096).optional(),
    resolver: text(300).optional(),
  }),
  cpanelExportAll: z.object({ format: z.enum(EXPORT_FORMATS), connection: connection.optional(), domain: text(253).optional() }),
  cpanelDeliverability: z.object({ domain: text(253).min(1), connection: connection.optional(), enableDkim: z.boolean().optional(), installSpf: text(2000).optional() }),
};
