/**
 * The UI's log file (burrow.log in the profile), capped: when it passes its size limit it is
 * renamed to burrow.log.1 (replacing the one before) and a new one begins, so logs never take
 * more than twice the limit on disk. Lines are written synchronously (small, local appends), so
 * a rotation never races a pending write.
 */
import { closeSync, fstatSync, openSync, renameSync, writeSync } from 'node:fs';

/** 4 MiB: days of ordinary logging, a few seconds to read. */
export const MAX_LOG_BYTES = 4 * 1024 * 1024;

/** Appends lines to `file`, rotating it to `file.1` past `maxBytes`. */
export function cappedLogSink(file: string, maxBytes = MAX_LOG_BYTES): (line: string) => void {
  let fd = openSync(file, 'a', 0o600);
  let size = fstatSync(fd).size;
  return (line) => {
    const bytes = Buffer.from(line + '\n');
    if (size > 0 && size + bytes.length > maxBytes) {
      closeSync(fd);
      renameSync(file, `${file}.1`);
      fd = openSync(file, 'a', 0o600);
      size = 0;
    }
    writeSync(fd, bytes);
    size += bytes.length;
  };
}
