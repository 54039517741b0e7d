/**
 * The body of an endpoint offer (docs/PROTOCOL.md "Endpoints"): "reach me at this private onion
 * service, with this client-authorisation key". Fixed length, so there is nothing to bound:
 *
 *   endpoint-offer = 32-byte endpoint ed25519 public key (its onion address)
 *                  ‖ 32-byte x25519 client-authorisation private key
 *                  ‖ u64 issued_at (Unix ms, the offerer's clock)
 *                  ‖ 64-byte Ed25519 signature by the endpoint key (contacts/endpoint-offer-check.ts)
 *
 * Decoding checks the layout only; whether the signature holds and the offer is newer than the
 * one we keep is the contacts core's to decide.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import type { ByteReader, ByteWriter } from '../bytes.js';

export const ENDPOINT_PUBLIC_KEY_BYTES = 32;
export const ENDPOINT_CLIENT_KEY_BYTES = 32;
export const ENDPOINT_SIGNATURE_BYTES = 64;
/** The whole body: 136 bytes. */
export const ENDPOINT_OFFER_BYTES =
  ENDPOINT_PUBLIC_KEY_BYTES + ENDPOINT_CLIENT_KEY_BYTES + 8 + ENDPOINT_SIGNATURE_BYTES;

/** An endpoint offer as it travels; nothing in it is checked yet. */
export interface EndpointOfferBody {
  /** The ed25519 public key of the endpoint's onion service. */
  readonly endpointKey: Uint8Array;
  /** The x25519 private key our tor needs to find and open that service. */
  readonly clientKey: Uint8Array;
  /** When the offerer made this endpoint (Unix ms): a later offer replaces an earlier one. */
  readonly issuedAt: number;
  readonly signature: Uint8Array;
}

/** Reads an endpoint offer's body. */
export function readEndpointOffer(reader: ByteReader): EndpointOfferBody {
  const endpointKey = reader.readBytes(ENDPOINT_PUBLIC_KEY_BYTES, 'endpoint-offer endpoint key');
  const clientKey = reader.readBytes(ENDPOINT_CLIENT_KEY_BYTES, 'endpoint-offer client key');
  const issuedAt = reader.readU64Number('endpoint-offer issued_at');
  const signature = reader.readBytes(ENDPOINT_SIGNATURE_BYTES, 'endpoint-offer signature');
  return { endpointKey, clientKey, issuedAt, signature };
}

/** Writes an endpoint offer's body. */
export function writeEndpointOffer(writer: ByteWriter, body: EndpointOfferBody): void {
  checkLength(body.endpointKey, ENDPOINT_PUBLIC_KEY_BYTES, 'endpoint-offer endpoint key');
  checkLength(body.clientKey, ENDPOINT_CLIENT_KEY_BYTES, 'endpoint-offer client key');
  checkLength(body.signature, ENDPOINT_SIGNATURE_BYTES, 'endpoint-offer signature');
  if (!Number.isSafeInteger(body.issuedAt) || body.issuedAt < 0)
    throw invalidArgument('endpoint-offer issued_at', 'a non-negative safe integer');
  writer.writeBytes(body.endpointKey).writeBytes(body.clientKey).writeU64(body.issuedAt).writeBytes(body.signature);
}

function checkLength(bytes: Uint8Array, length: number, field: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) throw invalidArgument(field, `${length} bytes`);
}
