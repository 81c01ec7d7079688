// The desktop window stops a running call through the preload bridge: the call carries an
// id, and aborting sends `cancel` with that same id; the call's own answer still arrives.
import { describe, expect, it } from 'vitest';
import type { MailSetupBridge, Params, Reply, RequestName } from '../../../shared/contract.js';
import { desktopTransport } from '../../../renderer/src/api/desktop-transport.js';

function fakeBridge() {
  const invoked: { name: RequestName; callId: string | undefined }[] = [];
  const cancelled: string[] = [];
  let finish: (() => void) | undefined;
  const bridge: MailSetupBridge = {
    invoke<K extends RequestName>(name: K, _params: Params<K>, callId?: string): Promise<Reply<K>> {
      invoked.push({ name, callId });
      return new Promise((resolve) => {
        finish = () => resolve({ ok: true, value: [] } as unknown as Reply<K>);
      });
    },
    cancel: (callId) => {
      cancelled.push(callId);
      finish?.();
    },
    on: () => () => undefined,
  };
  return { bridge, invoked, cancelled };
}

describe('desktop transport', () => {
  it('names a stoppable call and cancels that call when aborted; the answer still comes', async () => {
    const { bridge, invoked, cancelled } = fakeBridge();
    const controller = new AbortController();
    const reply = desktopTransport(bridge).invoke('accounts', {}, { signal: controller.signal });
    expect(invoked[0]?.callId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    controller.abort();
    expect(cancelled).toEqual([invoked[0]?.callId]);
    await expect(reply).resolves.toEqual({ ok: true, value: [] });
  });

  it('sends no id for a call that cannot be stopped', () => {
    const { bridge, invoked } = fakeBridge();
    void desktopTransport(bridge).invoke('accounts', {});
    expect(invoked[0]?.callId).toBeUndefined();
  });
});
