/** Bytes as lowercase hex: the map keys and log-safe ids that many services make from binary ids. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
