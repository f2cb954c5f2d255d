import { type VisionModelInfo, visionModelInfoSchema, type VisionSettings, visionSettingsSchema, defaultVisionSettings } from '../../../shared/domain/vision';
import type { Queryable } from '../store/store-service';

/**
 * Persistence of analytics settings and registered models as validated JSON rows. A row that
 * no longer validates (edited by hand, older build) is reported and replaced by defaults, not
 * allowed to crash the service.
 */
export class VisionRepository {
  constructor(
    private readonly store: Queryable,
    private readonly onInvalid: (what: string, err: unknown) => void = () => undefined,
  ) {}

  async settings(cameraId: string): Promise<VisionSettings> {
    const rows = await this.store.all<{ data: string }>('SELECT data FROM vision_settings WHERE camera_id = $1', [cameraId]);
    if (!rows[0]) return defaultVisionSettings();
    const parsed = visionSettingsSchema.safeParse(JSON.parse(rows[0].data));
    if (parsed.success) return parsed.data;
    this.onInvalid(`vision settings of ${cameraId}`, parsed.error);
    return defaultVisionSettings();
  }

  async allSettings(): Promise<Map<string, VisionSettings>> {
    const out = new Map<string, VisionSettings>();
    for (const row of await this.store.all<{ camera_id: string; data: string }>('SELECT camera_id, data FROM vision_settings ORDER BY camera_id')) {
      const parsed = visionSettingsSchema.safeParse(JSON.parse(row.data));
      if (parsed.success) out.set(row.camera_id, parsed.data);
      else this.onInvalid(`vision settings of ${row.camera_id}`, parsed.error);
    }
    return out;
  }

  async saveSettings(cameraId: string, settings: VisionSettings): Promise<void> {
    await this.store.run(
      `INSERT INTO vision_settings (camera_id, data, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (camera_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      [cameraId, JSON.stringify(settings)],
    );
  }

  async models(): Promise<VisionModelInfo[]> {
    const out: VisionModelInfo[] = [];
    for (const row of await this.store.all<{ id: string; data: string }>('SELECT id, data FROM vision_models ORDER BY id')) {
      const parsed = visionModelInfoSchema.safeParse(JSON.parse(row.data));
      if (parsed.success) out.push(parsed.data);
      else this.onInvalid(`model ${row.id}`, parsed.error);
    }
    return out;
  }

  async saveModel(model: VisionModelInfo): Promise<void> {
    await this.store.run(
      `INSERT INTO vision_models (id, data, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      [model.id, JSON.stringify(model)],
    );
  }

  async removeModel(id: string): Promise<boolean> {
    return (await this.store.run('DELETE FROM vision_models WHERE id = $1', [id])) > 0;
  }
}
