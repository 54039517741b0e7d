/**
 * The tour on the main screen: its one-line hint when the preference {@link TOUR_HINT_PENDING}
 * asks for it (`burrow demo` sets it: a newcomer's first screen there), and a notice each time
 * a step is checked off while the tour runs.
 */
import { useEffect } from 'react';
import type { NodeApi } from '../../node/api.js';
import type { TuiPreferences } from '../preferences.js';
import { TOUR_HINT } from './tour-steps.js';
import { tourFor } from './tour-tracker.js';

/** The preference that asks for the hint on the first screen (cleared once shown). */
export const TOUR_HINT_PENDING = 'tour.hintPending';

export function useTour(api: NodeApi, preferences: TuiPreferences, showInfo: (text: string) => void): void {
  useEffect(() => {
    const tracker = tourFor(api);
    if (preferences.get(TOUR_HINT_PENDING) === true) {
      preferences.set(TOUR_HINT_PENDING, false);
      showInfo(TOUR_HINT);
    }
    return tracker.onChecked(showInfo);
  }, [api, preferences, showInfo]);
}
