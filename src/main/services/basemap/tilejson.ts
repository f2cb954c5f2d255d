/** The layer ids of a TileJSON `vector_layers` array; anything malformed is skipped, not trusted. */
export function readVectorLayerIds(vectorLayers: unknown): string[] {
  if (!Array.isArray(vectorLayers)) return [];
  const ids: string[] = [];
  for (const layer of vectorLayers.slice(0, 1000)) {
    const id = (layer as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id.length > 0 && id.length <= 200 && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** "west,south,east,north" as MBTiles metadata writes it, when all four are sane. */
export function parseBounds(text: string | undefined): [number, number, number, number] | undefined {
  if (!text) return undefined;
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return undefined;
  const [w, s, e, n] = parts as [number, number, number, number];
  if (w < -180 || e > 180 || s < -90 || n > 90 || s > n) return undefined;
  return [w, s, e, n];
}
