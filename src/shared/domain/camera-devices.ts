import { z } from 'zod';
import { videoCodecSchema } from './camera-registry';

/** What ONVIF says about a device, in our own words (the ONVIF library's shapes stay in its wrapper). */
export const deviceInfoSchema = z.object({
  manufacturer: z.string(),
  model: z.string(),
  firmwareVersion: z.string(),
  serialNumber: z.string(),
  hardwareId: z.string(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

export const mediaProfileSchema = z.object({
  token: z.string(),
  name: z.string(),
  /** Video source token: one per camera channel of an NVR. */
  sourceToken: z.string(),
  /** Token of the video source configuration; events name the channel by it. */
  configToken: z.string().nullable(),
  codec: videoCodecSchema,
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  fps: z.number().nonnegative(),
  bitrateKbps: z.number().nonnegative().nullable(),
  ptz: z.boolean(),
});
export type MediaProfile = z.infer<typeof mediaProfileSchema>;

/** One camera of a device: a standalone camera has one, an NVR one per channel. */
export const deviceChannelSchema = z.object({
  sourceToken: z.string(),
  name: z.string(),
  main: mediaProfileSchema,
  sub: mediaProfileSchema,
  mainUri: z.string(),
  subUri: z.string(),
  snapshotUri: z.string().nullable(),
  ptz: z.boolean(),
});
export type DeviceChannel = z.infer<typeof deviceChannelSchema>;

export const discoveredDeviceSchema = z.object({
  endpoint: z.string(),
  xaddrs: z.array(z.string()),
  scopes: z.array(z.string()),
  name: z.string().nullable(),
  hardware: z.string().nullable(),
  kind: z.enum(['camera', 'nvr', 'unknown']),
  from: z.string(),
});
export type DiscoveredDevice = z.infer<typeof discoveredDeviceSchema>;

export const ptzPresetSchema = z.object({ token: z.string(), name: z.string() });
export type PtzPreset = z.infer<typeof ptzPresetSchema>;

export const ptzVelocitySchema = z.object({
  pan: z.number().min(-1).max(1),
  tilt: z.number().min(-1).max(1),
  zoom: z.number().min(-1).max(1),
});
export type PtzVelocity = z.infer<typeof ptzVelocitySchema>;

export const cameraEventSchema = z.object({
  cameraId: z.string().nullable(),
  deviceId: z.string(),
  kind: z.enum(['motion', 'line-crossing', 'other']),
  topic: z.string(),
  active: z.boolean().nullable(),
  at: z.string(),
});
export type CameraEvent = z.infer<typeof cameraEventSchema>;
