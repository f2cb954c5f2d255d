import { z } from 'zod';
import { defineEvent, defineMethod } from '../define';
import {
  visionAlertSchema,
  visionCountsSchema,
  visionDetectionsSchema,
  visionModelInfoSchema,
  visionModelInputSchema,
  visionPlateSchema,
  visionSettingsSchema,
  visionStateSchema,
} from '../../domain/vision';

const none = z.object({}).strict().optional();
const camera = z.object({ cameraId: z.string().min(1).max(64) }).strict();

/**
 * Camera analytics: per-camera settings (tasks, rate, zones, lines, thresholds), start/stop,
 * live state, and the user's own ONNX models. Detections, counts and alerts arrive as events.
 */
export const visionMethods = {
  'vision.settings.get': defineMethod({ input: camera, output: visionSettingsSchema, access: 'video.view', audit: false }),
  'vision.settings.set': defineMethod({
    input: z.object({ cameraId: z.string().min(1).max(64), settings: visionSettingsSchema }).strict(),
    output: visionSettingsSchema,
    access: 'analytics.configure',
    audit: true,
  }),
  /** Starts analysis with the saved settings (and marks it enabled so it resumes after a restart). */
  'vision.start': defineMethod({ input: camera, output: visionStateSchema, access: 'analytics.configure', audit: true }),
  'vision.stop': defineMethod({ input: camera, output: visionStateSchema, access: 'analytics.configure', audit: true }),
  'vision.states': defineMethod({ input: none, output: z.array(visionStateSchema), access: 'video.view', audit: false }),
  /** The latest counts of one camera, or null when it is not analysed. */
  'vision.counts': defineMethod({ input: camera, output: visionCountsSchema.nullable(), access: 'video.view', audit: false }),
  'vision.models.list': defineMethod({ input: none, output: z.array(visionModelInfoSchema), access: 'video.view', audit: false }),
  /** Checks the file with onnxruntime (inputs, outputs, class map) before it is registered. */
  'vision.models.add': defineMethod({ input: visionModelInputSchema, output: visionModelInfoSchema, access: 'settings.write', audit: true }),
  'vision.models.remove': defineMethod({
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: z.object({ removed: z.boolean() }),
    access: 'settings.write',
    audit: true,
  }),
} as const;

export const visionEvents = {
  /** A camera's analytics state on every change and every few seconds while running. */
  'vision.state': defineEvent({ payload: visionStateSchema, access: 'video.view' }),
  /** Boxes of one analysed frame (for the video tile overlay). */
  'vision.detections': defineEvent({ payload: visionDetectionsSchema, access: 'video.view' }),
  /** Zone and line counts after each analysed frame. */
  'vision.counts': defineEvent({ payload: visionCountsSchema, access: 'video.view' }),
  /** A crowd alert raised or cleared. */
  'vision.alert': defineEvent({ payload: visionAlertSchema, access: 'video.view' }),
  /** The best plate read of one tracked vehicle, once per track. */
  'vision.plate': defineEvent({ payload: visionPlateSchema, access: 'video.view' }),
} as const;
