/** The daemon methods of the offline relay (relay/feature/api.ts), named `relay.*` as in `burrow ctl relay …`. */
import type { RelayLimitsChange } from '../feature/api.js';
import { method, plainMethod, type AnyMethod } from '../../daemon/method.js';
import { optionalIntegerParam, type Params } from '../../daemon/params.js';

function limitsChange(params: Params): RelayLimitsChange {
  const maxEnvelopesPerFriend = optionalIntegerParam(params, 'maxEnvelopesPerFriend');
  const maxBytesPerFriend = optionalIntegerParam(params, 'maxBytesPerFriend');
  return {
    ...(maxEnvelopesPerFriend === undefined ? {} : { maxEnvelopesPerFriend }),
    ...(maxBytesPerFriend === undefined ? {} : { maxBytesPerFriend }),
  };
}

export const RELAY_METHODS: Readonly<Record<string, AnyMethod>> = {
  'relay.status': plainMethod((api) => api.relay.status()),
  'relay.limits': method(limitsChange, (api, change) => api.relay.setLimits(change)),
};
