import { z } from 'zod';
import { lngLatSchema } from './city';

export const videoCodecSchema = z.enum(['h264', 'h265', 'mjpeg', 'other']);
export type VideoCodec = z.infer<typeof videoCodecSchema>;

/** One stream of a camera as the operator sees it; its URI stays in the main process (it may hold credentials). */
export const streamInfoSchema = z.object({
  codec: videoCodecSchema,
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  fps: z.number().nonnegative(),
});
export type StreamInfo = z.infer<typeof streamInfoSchema>;

export const cameraSourceSchema = z.enum(['demo', 'onvif', 'rtsp']);

/** A camera the console knows: placed on the map, grouped, shared by ward. */
export const registeredCameraSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['ai', 'standard']),
  wardId: z.string().nullable(),
  position: lngLatSchema.nullable(),
  heading: z.number().min(0).lt(360).nullable(),
  address: z.string(),
  group: z.string().nullable(),
  source: cameraSourceSchema,
  deviceId: z.string().nullable(),
  channel: z.string().nullable(),
  main: streamInfoSchema.nullable(),
  sub: streamInfoSchema.nullable(),
  ptz: z.boolean(),
  /** H.265 only: re-encode to H.264 so Chromium can play it (costs CPU). */
  transcode: z.boolean(),
});
export type RegisteredCamera = z.infer<typeof registeredCameraSchema>;

export const deviceStatusSchema = z.enum(['online', 'auth-failed', 'locked', 'unreachable', 'error']);

export const cameraDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['camera', 'nvr']),
  xaddr: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  serial: z.string(),
  status: deviceStatusSchema,
  statusDetail: z.string().nullable(),
  channelCount: z.number().int().nonnegative(),
});
export type CameraDevice = z.infer<typeof cameraDeviceSchema>;

export const nearbyCameraSchema = z.object({ camera: registeredCameraSchema, distanceM: z.number().nonnegative() });
export type NearbyCamera = z.infer<typeof nearbyCameraSchema>;

/** Editable placement of a camera (map, ward, group). */
export const cameraPlacementSchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  wardId: z.string().min(1).max(32).nullable().optional(),
  position: lngLatSchema.nullable().optional(),
  heading: z.number().min(0).lt(360).nullable().optional(),
  address: z.string().max(200).optional(),
  group: z.string().trim().min(1).max(60).nullable().optional(),
  kind: z.enum(['ai', 'standard']).optional(),
});
export type CameraPlacement = z.infer<typeof cameraPlacementSchema>;

/** One row of an imported or exported camera list (CSV or JSON). */
export const cameraListRowSchema = z.object({
  id: z.string().trim().regex(/^[A-Za-z0-9._-]{1,64}$/, 'id: letters, digits, . _ - (1–64)'),
  name: z.string().trim().min(1).max(120),
  kind: z.enum(['ai', 'standard']).default('standard'),
  wardId: z.string().trim().max(32).nullable().default(null),
  lng: z.coerce.number().min(-180).max(180).nullable().default(null),
  lat: z.coerce.number().min(-90).max(90).nullable().default(null),
  heading: z.coerce.number().min(0).lt(360).nullable().default(null),
  address: z.string().max(200).default(''),
  group: z.string().trim().max(60).nullable().default(null),
  /** rtsp:// of the main stream; for cameras that are not ONVIF. */
  rtspMain: z.string().max(2048).nullable().default(null),
  rtspSub: z.string().max(2048).nullable().default(null),
});
export type CameraListRow = z.infer<typeof cameraListRowSchema>;

export const cameraImportResultSchema = z.object({
  imported: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
});
export type CameraImportResult = z.infer<typeof cameraImportResultSchema>;
