// IPC channel names. One channel per request name and per event name, so that a
// message on an unknown channel has no handler at all.
import type { EventName, RequestName } from '../shared/contract.js';

export const requestChannel = (name: RequestName): string => `mailsetup:request:${name}`;
export const eventChannel = (name: EventName): string => `mailsetup:event:${name}`;
export const CANCEL_CHANNEL = 'mailsetup:cancel';
