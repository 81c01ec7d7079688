// cpanel* handlers for handler maps that do not exercise cPanel (door and UI stubs).
import type { CpanelHandlers } from '../../core/cpanel/handlers.js';

export function cpanelNotUsed(): CpanelHandlers {
  const notUsed = async () => ({ ok: false as const, error: { code: 'INTERNAL' as const, message: 'cPanel is not used in this test' } });
  return {
    cpanelConnect: notUsed,
    cpanelList: async () => ({ ok: true, value: { connections: [] } }),
    cpanelDisconnect: notUsed,
    cpanelRefresh: notUsed,
    cpanelMailboxes: notUsed,
    cpanelAddMailbox: notUsed,
    cpanelExportAll: notUsed,
    cpanelDeliverability: notUsed,
  };
}
