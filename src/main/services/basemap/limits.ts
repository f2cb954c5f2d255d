export interface BasemapLimits {
  /** MBTiles are read whole into memory (sql.js), so their ceiling is the tighter one. */
  maxMbtilesBytes: number;
  /** PMTiles are read by byte ranges; the ceiling only guards against absurd files. */
  maxPmtilesBytes: number;
  /** The most one tile may inflate to. */
  maxTileBytes: number;
  /** The most a PMTiles directory or metadata block may inflate to. */
  maxDirectoryBytes: number;
}

export const defaultBasemapLimits: BasemapLimits = {
  maxMbtilesBytes: 512 * 1024 * 1024,
  maxPmtilesBytes: 32 * 1024 * 1024 * 1024,
  maxTileBytes: 8 * 1024 * 1024,
  maxDirectoryBytes: 64 * 1024 * 1024,
};
