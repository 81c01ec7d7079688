// Every cpanel* request of the handler map, built from the injected deps.
import type { Deps } from '../deps.js';
import type { Handler } from '../handler-types.js';
import { createAddMailboxHandler } from './add-mailbox.js';
import { createConnectionHandlers } from './connection-handlers.js';
import { createDeliverabilityHandler } from './deliverability.js';
import { createExportAllHandler } from './export-all.js';

export interface CpanelHandlers {
  cpanelConnect: Handler<'cpanelConnect'>;
  cpanelList: Handler<'cpanelList'>;
  cpanelDisconnect: Handler<'cpanelDisconnect'>;
  cpanelRefresh: Handler<'cpanelRefresh'>;
  cpanelMailboxes: Handler<'cpanelMailboxes'>;
  cpanelAddMailbox: Handler<'cpanelAddMailbox'>;
  cpanelExportAll: Handler<'cpanelExportAll'>;
  cpanelDeliverability: Handler<'cpanelDeliverability'>;
}

export function createCpanelHandlers(deps: Deps): CpanelHandlers {
  return {
    ...createConnectionHandlers(deps),
    cpanelAddMailbox: createAddMailboxHandler(deps),
    cpanelExportAll: createExportAllHandler(deps),
    cpanelDeliverability: createDeliverabilityHandler(deps),
  };
}
