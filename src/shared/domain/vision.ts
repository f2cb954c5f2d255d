import { z } from 'zod';

/**
 * Camera analytics: what the operator configures per camera, what the workers find and what
 * the station counts. Pictures are described in normalised coordinates (0..1 of the frame's
 * width and height) so zones survive a change of substream resolution.
 */

export const visionTasks = ['people', 'vehicles', 'plates'] as const;
export type VisionTask = (typeof visionTasks)[number];
export const visionTaskSchema = z.enum(visionTasks);

/** The COCO classes the detector keeps; everything else it finds is discarded. */
export const detectionClasses = ['person', 'bicycle', 'motorcycle', 'car', 'bus', 'truck'] as const;
export type DetectionClass = (typeof detectionClasses)[number];
export const detectionClassSchema = z.enum(detectionClasses);
export const vehicleClasses: readonly DetectionClass[] = ['bicycle', 'motorcycle', 'car', 'bus', 'truck'];

export const normPointSchema = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);
export type NormPoint = z.infer<typeof normPointSchema>;

export const zoneThresholdSchema = z
  .object({
    /** Raise when at least this many people stand in the zone. */
    count: z.number().int().min(1).max(100_000).optional(),
    /** Raise when people per m² over `areaM2` reaches this. */
    perM2: z.number().positive().max(20).optional(),
    /** The zone's calibrated ground area in m² (measured on the map or on site). */
    areaM2: z.number().positive().max(1_000_000).optional(),
    /** The level must hold this long before an alert is raised, and be gone this long before it clears. */
    holdS: z.number().min(0).max(3600).default(10),
    /** Clear only once the level falls below `clearRatio` × threshold, so a crowd hovering at the line does not flap. */
    clearRatio: z.number().min(0.3).max(1).default(0.8),
  })
  .strict()
  .refine((t) => t.count !== undefined || t.perM2 !== undefined, { message: 'a threshold needs a count or a density (perM2)' })
  .refine((t) => t.perM2 === undefined || t.areaM2 !== undefined, { message: 'a density threshold needs the zone area (areaM2)' });
export type ZoneThreshold = z.output<typeof zoneThresholdSchema>;

const idSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');

export const visionZoneSchema = z
  .object({
    id: idSchema,
    name: z.string().trim().min(1).max(120),
    polygon: z.array(normPointSchema).min(3).max(64),
    threshold: zoneThresholdSchema.optional(),
  })
  .strict();
export type VisionZone = z.output<typeof visionZoneSchema>;

/**
 * A counting line from `a` to `b`. Looking from `a` towards `b`, an object crossing from the
 * left side to the right side is counted as "aToB", the other way as "bToA" (in picture
 * coordinates, y down). `phase` maps the line to a signal phase of `flow.intersectionId`.
 */
export const visionLineSchema = z
  .object({
    id: idSchema,
    name: z.string().trim().min(1).max(120),
    a: normPointSchema,
    b: normPointSchema,
    phase: z.number().int().min(0).max(7).optional(),
  })
  .strict()
  .refine((l) => Math.hypot(l.a[0] - l.b[0], l.a[1] - l.b[1]) > 0.01, { message: 'a line needs two distinct ends' });
export type VisionLine = z.output<typeof visionLineSchema>;

export const tilingSchema = z
  .object({
    enabled: z.boolean().default(false),
    cols: z.number().int().min(1).max(4).default(2),
    rows: z.number().int().min(1).max(4).default(2),
    /** Overlap between neighbouring tiles, as a fraction of a tile, so an object on a seam is whole in one tile. */
    overlap: z.number().min(0).max(0.5).default(0.2),
    /** Also run the whole frame, so big near objects split by seams are still found. */
    includeFull: z.boolean().default(true),
  })
  .strict();
export type TilingSettings = z.output<typeof tilingSchema>;

/**
 * Which OCR reads plates: "auto" = PaddleOCR v4 on onnxruntime-node, falling back to tesseract.js
 * when onnxruntime-node or the models cannot load; or one engine exactly. tesseract.js is lighter
 * but reads fewer plates (bench/plates.ts prints both).
 */
export const plateEngineChoices = ['auto', 'paddle', 'tesseract'] as const;
export type PlateEngineChoice = (typeof plateEngineChoices)[number];

export const visionSettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    tasks: z.array(visionTaskSchema).min(1).max(3).default(['people']),
    fps: z.number().min(0.2).max(5).default(2),
    width: z.number().int().min(160).max(1920).default(640),
    height: z.number().int().min(90).max(1080).default(360),
    // 0.35 measured best on the labelled vtest frames (bench/vision-counting.ts); 0.3 overcounts by ~18 %.
    minScore: z.number().min(0.05).max(0.95).default(0.35),
    tiling: tilingSchema.default({ enabled: false, cols: 2, rows: 2, overlap: 0.2, includeFull: true }),
    /** A registered model per task instead of the built-in detector ("builtin"). */
    models: z.partialRecord(visionTaskSchema, z.string().max(64)).default({}),
    plateEngine: z.enum(plateEngineChoices).default('auto'),
    zones: z.array(visionZoneSchema).max(32).default([]),
    lines: z.array(visionLineSchema).max(32).default([]),
    /** Where vehicle flow goes on the field bus (`count.<intersectionId>`), and how often. */
    flow: z
      .object({ intersectionId: z.string().min(1).max(64), periodS: z.number().int().min(5).max(3600).default(15), phases: z.number().int().min(1).max(8) })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
export type VisionSettings = z.output<typeof visionSettingsSchema>;
export type VisionSettingsInput = z.input<typeof visionSettingsSchema>;
export const defaultVisionSettings = (): VisionSettings => visionSettingsSchema.parse({});

/** Box in normalised picture coordinates: left, top, width, height. */
export const normBoxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type NormBox = z.infer<typeof normBoxSchema>;

export const detectionSchema = z.object({
  cls: detectionClassSchema,
  score: z.number().min(0).max(1),
  box: normBoxSchema,
  trackId: z.number().int().optional(),
});
export type Detection = z.infer<typeof detectionSchema>;

export const classCountsSchema = z.partialRecord(detectionClassSchema, z.number().int().min(0));
export type ClassCounts = z.infer<typeof classCountsSchema>;

export const visionDetectionsSchema = z.object({
  cameraId: z.string(),
  ts: z.number(),
  width: z.number().int(),
  height: z.number().int(),
  detections: z.array(detectionSchema),
  /** People estimated by a density-map model over the whole frame, when one is configured. */
  densityCount: z.number().nullable(),
  ms: z.number(),
});
export type VisionDetections = z.infer<typeof visionDetectionsSchema>;

export const zoneCountSchema = z.object({
  zoneId: z.string(),
  /** Objects in the zone now, by class. */
  now: classCountsSchema,
  people: z.number().int().min(0),
  vehicles: z.number().int().min(0),
  perM2: z.number().nullable(),
  alerting: z.boolean(),
});
export const lineCountSchema = z.object({
  lineId: z.string(),
  /** Crossings since analysis started, by class and direction. */
  aToB: classCountsSchema,
  bToA: classCountsSchema,
});
export const visionCountsSchema = z.object({
  cameraId: z.string(),
  ts: z.number(),
  zones: z.array(zoneCountSchema),
  lines: z.array(lineCountSchema),
  /** Objects in the whole frame now, by class. */
  frame: classCountsSchema,
  /** Distinct tracks seen since start, by class (each object once). */
  unique: classCountsSchema,
});
export type ZoneCount = z.infer<typeof zoneCountSchema>;
export type LineCount = z.infer<typeof lineCountSchema>;
export type VisionCounts = z.infer<typeof visionCountsSchema>;

export const visionAlertSchema = z.object({
  cameraId: z.string(),
  zoneId: z.string(),
  zoneName: z.string(),
  kind: z.enum(['raised', 'cleared']),
  ts: z.number(),
  /** The level when the alert changed: people, or people per m². */
  value: z.number(),
  threshold: z.number(),
  unit: z.enum(['count', 'perM2']),
});
export type VisionAlert = z.infer<typeof visionAlertSchema>;

export const visionStatuses = ['stopped', 'starting', 'running', 'degraded', 'error'] as const;
export type VisionStatus = (typeof visionStatuses)[number];

export const visionStateSchema = z.object({
  cameraId: z.string(),
  status: z.enum(visionStatuses),
  /** Why the camera is degraded or in error, in words an operator can act on. */
  reason: z.string().nullable(),
  /** Frames per second decoded and analysed over the last few seconds. */
  inputFps: z.number(),
  analysedFps: z.number(),
  framesIn: z.number().int(),
  framesAnalysed: z.number().int(),
  /** Frames dropped because every worker was busy and the queue was full. */
  drops: z.number().int(),
  /** Mean analysis time per frame over the last few frames. */
  msPerFrame: z.number().nullable(),
  workerRestarts: z.number().int(),
  since: z.number(),
});
export type VisionState = z.infer<typeof visionStateSchema>;

/** A plate read, kept per tracked vehicle; the best one is emitted once per track. */
export const visionPlateSchema = z.object({
  cameraId: z.string(),
  ts: z.number(),
  trackId: z.number().int(),
  text: z.string(),
  raw: z.string(),
  confidence: z.number(),
  valid: z.boolean(),
  province: z.string().optional(),
  layout: z.enum(['one-row', 'two-row']),
  /** Plate box in normalised picture coordinates. */
  box: normBoxSchema,
  /** The same box in pixels of the analysed frame (what the watchlist keeps as evidence). */
  pixelBox: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
});
export type VisionPlate = z.infer<typeof visionPlateSchema>;

// ---- model registry -------------------------------------------------------------------------

export const visionModelKinds = ['detector', 'density'] as const;
export const visionModelInputSchema = z
  .object({
    id: idSchema,
    name: z.string().trim().min(1).max(120),
    kind: z.enum(visionModelKinds),
    /** Absolute path of an .onnx file on this station. */
    path: z.string().min(1).max(1024),
    /**
     * Detector only: output class index → one of our classes (others are ignored), e.g.
     * {"0":"person","2":"car"}. The detector's outputs are read as [1, N, 6]: x1,y1,x2,y2,score,class in input pixels.
     */
    classMap: z.record(z.string().regex(/^\d+$/), detectionClassSchema).optional(),
    /** Pixel scaling before the model: value = (px / 255 - mean) / std. */
    mean: z.number().min(-10).max(10).default(0),
    std: z.number().min(0.0001).max(1000).default(1),
  })
  .strict()
  .refine((m) => m.kind !== 'detector' || (m.classMap && Object.keys(m.classMap).length > 0), { message: 'a detector needs a class map' });
export type VisionModelInput = z.output<typeof visionModelInputSchema>;

export const visionModelInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(visionModelKinds),
  path: z.string(),
  classMap: z.record(z.string(), detectionClassSchema).optional(),
  mean: z.number(),
  std: z.number(),
  inputName: z.string(),
  /** [1, C, H, W] with the fixed H and W the model takes (dynamic sizes are reported as -1). */
  inputShape: z.array(z.number().int()),
  outputName: z.string(),
  checkedAt: z.number(),
});
export type VisionModelInfo = z.infer<typeof visionModelInfoSchema>;

// ---- worker messages ------------------------------------------------------------------------

/** What a detector worker is told to load once. */
export interface WorkerInit {
  type: 'init';
  /** "builtin" (centernet on tfjs wasm), or a checked registry model. */
  detector: { kind: 'builtin'; modelDir: string; wasmDir: string } | { kind: 'onnx'; model: VisionModelInfo } | { kind: 'none' };
  density: VisionModelInfo | null;
  plates: { enabled: boolean; modelDir?: string; engine?: PlateEngineChoice };
}

export interface WorkerFrame {
  type: 'frame';
  id: number;
  width: number;
  height: number;
  /** RGB24 pixels; sent in the transfer list so the frame is moved, not copied. */
  pixels: ArrayBuffer;
  minScore: number;
  tiling: TilingSettings;
  /** Read plates on the vehicles this frame's detection finds. */
  plates: boolean;
  /** Test hooks the worker honours only when started with `allowFaults`. */
  fault?: 'crash' | 'hang';
}

export interface WorkerPlateRead {
  text: string;
  raw: string;
  confidence: number;
  valid: boolean;
  province?: string;
  layout: 'one-row' | 'two-row';
  /** Pixels of the frame. */
  box: { x: number; y: number; w: number; h: number };
  /** The plate with a small margin, cut from the frame in the worker (the frame itself was moved there): the evidence. */
  crop?: PlateCrop;
}

/** RGB24 pixels of a plate crop. */
export interface PlateCrop {
  width: number;
  height: number;
  rgb: Uint8Array;
}

export type WorkerReply =
  | {
      type: 'ready';
      backend: string;
      ms: number;
      /** The plate reader loaded, and why "auto" fell back to tesseract.js (when it did). */
      plates?: { engine: 'paddle' | 'tesseract'; fallbackReason: string | null };
    }
  | { type: 'init-error'; message: string }
  | {
      type: 'result';
      id: number;
      /** Boxes in pixels: x, y, w, h. */
      detections: { cls: DetectionClass; score: number; box: [number, number, number, number] }[];
      densityCount: number | null;
      plates: WorkerPlateRead[];
      ms: number;
      tiles: number;
    }
  | { type: 'frame-error'; id: number; message: string };
