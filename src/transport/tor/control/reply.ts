/**
 * The shapes of what tor sends on its control port (control-spec §2.3 "Replies from Tor to
 * the controller"):
 *
 *   Reply         = *(MidReplyLine / DataReplyLine) EndReplyLine
 *   MidReplyLine  = StatusCode "-" ReplyLine
 *   DataReplyLine = StatusCode "+" ReplyLine CmdData
 *   EndReplyLine  = StatusCode SP ReplyLine
 *
 * Replies with a 6yz status are asynchronous events (§4.1); everything else answers the
 * oldest command still waiting.
 */

/** One line of a reply. */
export interface ControlReplyLine {
  /** The three-digit status code, e.g. 250. */
  readonly code: number;
  /** `-` mid line, `+` line followed by a data block, ` ` end line. */
  readonly divider: '-' | '+' | ' ';
  /** The text after the divider, without CRLF (e.g. `version=0.4.9.11`). */
  readonly text: string;
  /**
   * For `+` lines only: the data block, dot-unstuffed, its lines joined with `\n` and without
   * the terminating `.` line (control-spec §2.3 CmdData).
   */
  readonly data?: string;
}

/** A complete reply: one or more lines sharing a status code, the last an end line. */
export interface ControlReply {
  /** The status code all lines share. */
  readonly code: number;
  readonly lines: readonly ControlReplyLine[];
}

/** An asynchronous event (status 650, control-spec §4.1). */
export interface ControlEvent extends ControlReply {
  /** The event's keyword: the first word of its first line, e.g. `STATUS_CLIENT`, `HS_DESC`. */
  readonly name: string;
  /** The rest of the first line after the name, e.g. `NOTICE BOOTSTRAP PROGRESS=5 TAG=conn …`. */
  readonly body: string;
}

/** A reply's text as one string (lines joined with `\n`), for error messages and logs. */
export function replyText(reply: ControlReply): string {
  return reply.lines.map((line) => line.text).join('\n');
}
