/** Name of the performance mark bench/startup waits for: the first frame drawn with the city's data. */
export const MAP_FIRST_FRAME_MARK = 'ioc:map-first-frame';

let marked = false;

/** Marks, once per page, the first frame deck.gl draws after the basemap and city assets arrived. */
export function markFirstMapFrame(dataReady: boolean): void {
  if (marked || !dataReady) return;
  marked = true;
  performance.mark(MAP_FIRST_FRAME_MARK);
}
