/**
 * Control-port transcripts for the tor-control unit tests.
 *
 * REAL: recorded byte for byte from tor 0.4.9.11 (Debian) on this project's test machine, with
 * `DisableNetwork 1`, `ControlPort auto`, `CookieAuthentication 1` (or `HashedControlPassword`,
 * or no authentication), through a raw TCP socket that sent each `sent` line + CRLF and kept
 * every byte that came back within 300 ms (so late events sit in the reply after which they
 * arrived). Nothing was edited.
 *
 * SYNTHETIC (marked so): shapes a DisableNetwork tor cannot produce (HS_DESC needs a network;
 * data-block events; dot-stuffing), written from control-spec §4.1.25 HS_DESC, §4.1.13
 * NEWCONSENSUS and §2.3 CmdData.
 */

/** One command and everything tor sent back after it. */
export interface Exchange {
  readonly sent: string;
  readonly received: string;
}

/**
 * REAL SAFECOOKIE vector: tor's cookie file, our fixed client nonce, and tor's AUTHCHALLENGE
 * answer; tor accepted `clientHash` with `250 OK`.
 */
export const SAFECOOKIE_VECTOR = {
  cookie: '7f79f0b4ba40abd7804a88e70637a6f5f76ccc512a83ef02f7aa61adb379dbdd',
  clientNonce: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  serverNonce: '03B8FED26E985D466FBCBC3C74223753F037B11259EDD122995AF34A72E156E6',
  serverHash: '37F3FFCC5F31CF2BC98667AEF492131712C0E60219E7EAA9DCD1736D06EED027',
  clientHash: '53a6065a7189794fc30cc3f8512ce934877e3f27e4220f81a8909f664899c139',
} as const;

/** REAL: one authenticated session, in order (cookie and nonces as in {@link SAFECOOKIE_VECTOR}). */
export const SESSION: readonly Exchange[] = [
  {
    sent: 'PROTOCOLINFO 1',
    received:
      '250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/tmp/torcap/data/control_auth_cookie"\r\n250-VERSION Tor="0.4.9.11"\r\n250 OK\r\n',
  },
  {
    sent: 'AUTHCHALLENGE SAFECOOKIE 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
    received:
      '250 AUTHCHALLENGE SERVERHASH=37F3FFCC5F31CF2BC98667AEF492131712C0E60219E7EAA9DCD1736D06EED027 SERVERNONCE=03B8FED26E985D466FBCBC3C74223753F037B11259EDD122995AF34A72E156E6\r\n',
  },
  { sent: 'AUTHENTICATE 53a6065a7189794fc30cc3f8512ce934877e3f27e4220f81a8909f664899c139', received: '250 OK\r\n' },
  { sent: 'GETINFO version', received: '250-version=0.4.9.11\r\n250 OK\r\n' },
  {
    sent: 'GETINFO version config-file status/bootstrap-phase',
    received:
      '250-version=0.4.9.11\r\n250-config-file=/tmp/torcap/torrc\r\n250-status/bootstrap-phase=NOTICE BOOTSTRAP PROGRESS=0 TAG=starting SUMMARY="Starting"\r\n250 OK\r\n',
  },
  {
    sent: 'GETINFO config-text',
    received:
      '250+config-text=\r\nControlPort auto\r\nControlPortWriteToFile /tmp/torcap/data/control-port\r\nCookieAuthentication 1\r\nDataDirectory /tmp/torcap/data\r\nDisableNetwork 1\r\nGeoIPFile /tmp/torcap/empty\r\nGeoIPv6File /tmp/torcap/empty\r\nLog notice file /tmp/torcap/data/log\r\nSocksPort 0\r\n.\r\n250 OK\r\n',
  },
  { sent: 'GETINFO nosuchkey', received: '552 Unrecognized key "nosuchkey"\r\n' },
  { sent: 'FROBNICATE', received: '510 Unrecognized command "FROBNICATE"\r\n' },
  {
    sent: 'GETCONF DisableNetwork SocksPort Log ControlPort HiddenServiceDir',
    received:
      '250-DisableNetwork=1\r\n250-SocksPort=0\r\n250-Log=notice file /tmp/torcap/data/log\r\n250-ControlPort=auto\r\n250 HiddenServiceDir\r\n',
  },
  { sent: 'SETEVENTS STATUS_CLIENT HS_DESC CONF_CHANGED', received: '250 OK\r\n' },
  {
    sent: 'ADD_ONION NEW:ED25519-V3 Port=80,127.0.0.1:8080',
    received:
      '250-ServiceID=vq5t2fngpzguemcyoqc64mvh4rsgas6n4tbapwuyieif3tp6b6epfvid\r\n250-PrivateKey=ED25519-V3:gIRoqdsECqiMPU1pcMGKcTXMDC3t6JOWid8OWCY1V2YiZ+4OkV3YBIPHhV40hLdr3ONOMH+RD2J/c1WzmS6DvQ==\r\n250 OK\r\n',
  },
  { sent: 'ADD_ONION ED25519-V3:AAAA Port=80', received: '512 Failed to decode ED25519-V3 key\r\n' },
  {
    sent: 'ADD_ONION NEW:ED25519-V3 Flags=DiscardPK Port=80,127.0.0.1:8080 Port=81',
    received: '250-ServiceID=v2jdfbh7rh6h7tdavuuh5xtxfjowqi2t6jyi7zvmeljl47mrvydbf5qd\r\n250 OK\r\n',
  },
  {
    sent: 'DEL_ONION aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    received: '512 Malformed Onion Service id\r\n',
  },
  { sent: 'SETCONF DisableNetwork=0', received: '250 OK\r\n650-CONF_CHANGED\r\n650-DisableNetwork=0\r\n650 OK\r\n' },
  {
    sent: 'GETINFO status/bootstrap-phase',
    received:
      '250-status/bootstrap-phase=NOTICE BOOTSTRAP PROGRESS=0 TAG=starting SUMMARY="Starting"\r\n250 OK\r\n' +
      '650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="Connecting to a relay"\r\n' +
      '650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=10 TAG=conn_done SUMMARY="Connected to a relay"\r\n' +
      '650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=14 TAG=handshake SUMMARY="Handshaking with a relay"\r\n' +
      '650 STATUS_CLIENT WARN BOOTSTRAP PROGRESS=14 TAG=handshake SUMMARY="Handshaking with a relay" WARNING="DONE" REASON=DONE COUNT=1 RECOMMENDATION=ignore HOSTID="579E92A3168011112BE428E28F1DB12B847EE662" HOSTADDR="82.41.132.3:9001"\r\n',
  },
  { sent: 'SETCONF DisableNetwork=1', received: '250 OK\r\n650-CONF_CHANGED\r\n650-DisableNetwork=1\r\n650 OK\r\n' },
  { sent: 'SIGNAL NEWNYM', received: '250 OK\r\n' },
  { sent: 'SIGNAL FOO', received: '552 Unrecognized signal code "FOO"\r\n' },
  { sent: 'GETINFO net/listeners/control', received: '250-net/listeners/control="127.0.0.1:37201"\r\n250 OK\r\n' },
  { sent: 'AUTHENTICATE', received: '515 Authentication failed: Wrong length on authentication cookie.\r\n' },
];

/** REAL: more single exchanges from the same tor (other sessions). */
export const REAL = {
  getconfQuoted: { sent: 'GETCONF ContactInfo', received: '250 ContactInfo="\\"hi\\" there \\\\\\\\ back"\r\n' },
  getinfoRepeatedWithData: {
    sent: 'GETINFO version config-text version',
    received:
      '250-version=0.4.9.11\r\n250+config-text=\r\nControlPort auto\r\nControlPortWriteToFile /tmp/torcap/data/control-port\r\nCookieAuthentication 1\r\nDataDirectory /tmp/torcap/data\r\nDisableNetwork 1\r\nGeoIPFile /tmp/torcap/empty\r\nGeoIPv6File /tmp/torcap/empty\r\nLog notice file /tmp/torcap/data/log2\r\nSocksPort 0\r\n.\r\n250-version=0.4.9.11\r\n250 OK\r\n',
  },
  getinfoEmptyValue: { sent: 'GETINFO md/all', received: '250-md/all=\r\n250 OK\r\n' },
  protocolInfoPassword: {
    sent: 'PROTOCOLINFO 1',
    received: '250-PROTOCOLINFO 1\r\n250-AUTH METHODS=HASHEDPASSWORD\r\n250-VERSION Tor="0.4.9.11"\r\n250 OK\r\n',
  },
  protocolInfoNull: {
    sent: 'PROTOCOLINFO 1',
    received: '250-PROTOCOLINFO 1\r\n250-AUTH METHODS=NULL\r\n250-VERSION Tor="0.4.9.11"\r\n250 OK\r\n',
  },
  passwordRejected: {
    sent: 'AUTHENTICATE "wrong"',
    received: '515 Authentication failed: Password did not match HashedControlPassword value from configuration\r\n',
  },
  safeCookieRejected: {
    sent: 'AUTHENTICATE 0000000000000000000000000000000000000000000000000000000000000000',
    received: '515 Authentication failed: Safe cookie response did not match expected value.\r\n',
  },
  authenticationRequired: { sent: 'GETINFO version', received: '514 Authentication required.\r\n' },
  addOnionV3Auth: {
    sent: 'ADD_ONION NEW:ED25519-V3 Flags=DiscardPK,V3Auth Port=80 ClientAuthV3=5PB7V65QOVZKNLA26E5ZX2ZEHXWPLM3MUXZTNQ5YNKDVI77FJ4UA',
    received:
      '250-ServiceID=vyn7qygfgnyxetidqqdnusndw7fxd3sq5hcckvqserz7oz2xygslhpyd\r\n250-ClientAuthV3=5PB7V65QOVZKNLA26E5ZX2ZEHXWPLM3MUXZTNQ5YNKDVI77FJ4UA\r\n250 OK\r\n',
  },
  clientAuthWithoutFlag: {
    sent: 'ADD_ONION NEW:ED25519-V3 Flags=DiscardPK Port=80 ClientAuthV3=5PB7V65QOVZKNLA26E5ZX2ZEHXWPLM3MUXZTNQ5YNKDVI77FJ4UA',
    received: '512 No auth type specified\r\n',
  },
  onionCollision: {
    sent: 'ADD_ONION ED25519-V3:gIRoqdsECqiMPU1pcMGKcTXMDC3t6JOWid8OWCY1V2YiZ+4OkV3YBIPHhV40hLdr3ONOMH+RD2J/c1WzmS6DvQ== Port=80',
    received: '550 Onion address collision\r\n',
  },
  delOnion: { sent: 'DEL_ONION vq5t2fngpzguemcyoqc64mvh4rsgas6n4tbapwuyieif3tp6b6epfvid', received: '250 OK\r\n' },
  delOnionUnknown: {
    sent: 'DEL_ONION vq5t2fngpzguemcyoqc64mvh4rsgas6n4tbapwuyieif3tp6b6epfvid',
    received: '552 Unknown Onion Service id\r\n',
  },
  unknownEvent: { sent: 'SETEVENTS FOO', received: '552 Unrecognized event "FOO"\r\n' },
  badPort: { sent: 'ADD_ONION NEW:ED25519-V3 Port=0', received: '512 Invalid VIRTPORT/TARGET\r\n' },
  quit: { sent: 'QUIT', received: '250 closing connection\r\n' },
} satisfies Record<string, Exchange>;

/**
 * REAL: ADD_ONION with the expanded key of the seed 00 01 02 … 1f (`expandedSecretKey`), and
 * the ServiceID tor returned: equal to `identityFromSeed(seed).onionAddress`.
 */
export const ADD_ONION_FROM_SEED = {
  seed: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  sent: 'ADD_ONION ED25519-V3:OJTupJxYCu+BaTV2K+BJVZ1tFEDe3hLmoSXxhB//jm+p1xhio+V0a1cb49GHsAQQRvUuvYUMfL1f3o7jhHO2SQ== Flags=DiscardPK Port=80,127.0.0.1:8080',
  received: '250-ServiceID=aoqqpp7tzyil4hlq3umoos6atft6jvrqtosq2xy53sdgiesvgg4bqead\r\n250 OK\r\n',
} as const;

/** SYNTHETIC (control-spec §4.1.25): HS_DESC events of one descriptor upload, as tor 0.4.x writes them for v3. */
export const HS_DESC_EVENTS =
  '650 HS_DESC UPLOAD aoqqpp7tzyil4hlq3umoos6atft6jvrqtosq2xy53sdgiesvgg4bqead UNKNOWN $6F5A1B2C3D4E5F60718293A4B5C6D7E8F9012345 ' +
  'x2mKxBkT0YyQeJ6a7Wm3uGqXo9mZbXc5wq0N5sE1VZk HSDIR_INDEX=2F1C0A3B9E8D7C6B5A49382716051F2E3D4C5B6A79881726354453627180A9BC\r\n' +
  '650 HS_DESC UPLOADED aoqqpp7tzyil4hlq3umoos6atft6jvrqtosq2xy53sdgiesvgg4bqead UNKNOWN $6F5A1B2C3D4E5F60718293A4B5C6D7E8F9012345\r\n' +
  '650 HS_DESC FAILED aoqqpp7tzyil4hlq3umoos6atft6jvrqtosq2xy53sdgiesvgg4bqead UNKNOWN $0123456789ABCDEF0123456789ABCDEF01234567 REASON=UPLOAD_REJECTED\r\n';

/** SYNTHETIC (control-spec §4.1.13 and §2.3 CmdData): a data-block event, with a dot-stuffed line and a line that looks like a status line. */
export const DATA_EVENT =
  '650+NEWCONSENSUS\r\nr test000a AAAAAAAAAAAAAAAAAAAAAAAAAAA 2025-11-21 11:00:00 127.0.0.1 5000 0\r\n..dot-stuffed\r\n250 OK\r\ns Fast Guard HSDir Running Stable Valid\r\n.\r\n650 OK\r\n';

/** The whole server side of {@link SESSION} as one byte string (for split tests). */
export const SESSION_BYTES = SESSION.map((exchange) => exchange.received).join('');
