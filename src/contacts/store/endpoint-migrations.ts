/**
 * The endpoints table (docs/PROTOCOL.md "Endpoints"): per friend, the salt our endpoint for
 * them is derived from (contacts/endpoint-keys.ts) with the time we made it, and the endpoint
 * they gave us with its client-authorisation key. Secret (where and how to reach a friend), so
 * it lives in the encrypted profile. Rows go when the friendship ends (endpoints-repository.ts).
 */
export const ENDPOINTS_MIGRATION_SQL = `
CREATE TABLE endpoints (
  onion            TEXT    PRIMARY KEY CHECK (length(onion) = 56),
  salt             BLOB    NOT NULL CHECK (length(salt) = 16),
  issued_at        INTEGER NOT NULL CHECK (issued_at >= 0),
  their_address    TEXT    CHECK (their_address IS NULL OR length(their_address) = 56),
  their_client_key BLOB    CHECK (their_client_key IS NULL OR length(their_client_key) = 32),
  their_issued_at  INTEGER,
  CHECK ((their_address IS NULL) = (their_client_key IS NULL) AND (their_address IS NULL) = (their_issued_at IS NULL))
) STRICT, WITHOUT ROWID;
`;
