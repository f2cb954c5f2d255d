import { z } from 'zod';
import { registeredCameraSchema, cameraDeviceSchema, type RegisteredCamera } from '../../../shared/domain/camera-registry';

/** A camera as stored: what the renderer sees plus what stays in the main process (URIs, tokens). */
export const cameraRecordSchema = registeredCameraSchema.extend({
  uriMain: z.string().nullable(),
  uriSub: z.string().nullable(),
  snapshotUri: z.string().nullable(),
  profileMain: z.string().nullable(),
  profileSub: z.string().nullable(),
  configToken: z.string().nullable(),
});
export type CameraRecord = z.infer<typeof cameraRecordSchema>;

export const deviceRecordSchema = cameraDeviceSchema.extend({ username: z.string() });
export type DeviceRecord = z.infer<typeof deviceRecordSchema>;

export function publicCamera(record: CameraRecord): RegisteredCamera {
  return registeredCameraSchema.parse(record);
}
