/**
 * NO_COLOR (no-color.org): when it is set and not empty, the TUI draws without colour. Ink
 * colours through chalk, which only reads FORCE_COLOR (once, when it is first loaded), so this
 * module, imported by index.ts before Ink, turns NO_COLOR into FORCE_COLOR=0 unless the user
 * set FORCE_COLOR themselves. What needs colour to be read (the QR code) asks
 * {@link COLOR_OFF} and draws itself another way.
 */

/** Whether `env` asks for no colour: NO_COLOR set and not empty, or FORCE_COLOR=0. */
export function colorOffIn(env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force === '0' || force === 'false';
  return (env['NO_COLOR'] ?? '') !== '';
}

/** Whether this process draws without colour. */
export const COLOR_OFF = colorOffIn(process.env);

if (COLOR_OFF && process.env['FORCE_COLOR'] === undefined) process.env['FORCE_COLOR'] = '0';
