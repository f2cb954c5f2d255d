import { z } from 'zod';
import { defineEvent, defineMethod } from '../define';
import { cameraEventSchema, discoveredDeviceSchema, ptzPresetSchema, ptzVelocitySchema } from '../../domain/camera-devices';
import {
  cameraDeviceSchema,
  cameraImportResultSchema,
  cameraPlacementSchema,
  nearbyCameraSchema,
  registeredCameraSchema,
} from '../../domain/camera-registry';
import { lngLatSchema } from '../../domain/city';
import { savedLayoutSchema, streamQualitySchema, streamStatusEventSchema, videoLeaseSchema } from '../../domain/video';

const none = z.object({}).strict().optional();
const cameraId = z.string().min(1).max(64);
const ok = z.object({ ok: z.literal(true) });

export const videoMethods = {
  'cameras.list': defineMethod({ input: none, output: z.array(registeredCameraSchema), access: 'video.view', audit: false }),
  'cameras.devices': defineMethod({ input: none, output: z.array(cameraDeviceSchema), access: 'cameras.manage', audit: false }),
  /** "Cameras near here" for any point of the map. */
  'cameras.nearby': defineMethod({
    input: z.object({ position: lngLatSchema, radiusM: z.number().positive().max(20_000).default(500), limit: z.number().int().min(1).max(50).default(10) }).strict(),
    output: z.array(nearbyCameraSchema),
    access: 'video.view',
    audit: false,
  }),
  /** WS-Discovery: unicast to an address, range (a.b.c.d-a.b.c.e) or block (/24), and optionally multicast. */
  'cameras.discover': defineMethod({
    input: z.object({ targets: z.string().max(64).default(''), multicast: z.boolean().default(false), port: z.number().int().min(1).max(65535).optional() }).strict(),
    output: z.array(discoveredDeviceSchema),
    access: 'cameras.manage',
    audit: true,
  }),
  'cameras.addDevice': defineMethod({
    input: z
      .object({
        xaddr: z.string().url().max(2048),
        username: z.string().max(128).default(''),
        password: z.string().max(256).default(''),
        wardId: z.string().max(32).nullable().default(null),
        group: z.string().max(60).nullable().default(null),
      })
      .strict(),
    output: z.object({ device: cameraDeviceSchema, cameras: z.array(registeredCameraSchema) }),
    access: 'cameras.manage',
    audit: true,
    redact: ['password'],
  }),
  'cameras.update': defineMethod({
    input: z.object({ id: cameraId, placement: cameraPlacementSchema }).strict(),
    output: registeredCameraSchema,
    access: 'cameras.manage',
    audit: true,
  }),
  'cameras.remove': defineMethod({ input: z.object({ id: cameraId }).strict(), output: ok, access: 'cameras.manage', audit: true }),
  /** H.265 cameras: re-encode to H.264 so Chromium can play them (costs CPU in the main process). */
  'cameras.setTranscode': defineMethod({
    input: z.object({ id: cameraId, enabled: z.boolean() }).strict(),
    output: registeredCameraSchema,
    access: 'cameras.manage',
    audit: true,
  }),
  'cameras.import': defineMethod({
    input: z.object({ format: z.enum(['csv', 'json']), text: z.string().min(1).max(5 * 1024 * 1024) }).strict(),
    output: cameraImportResultSchema,
    access: 'cameras.manage',
    audit: true,
    redact: ['text'],
  }),
  'cameras.export': defineMethod({
    input: z.object({ format: z.enum(['csv', 'json']) }).strict(),
    output: z.object({ text: z.string() }),
    access: 'cameras.manage',
    audit: true,
  }),

  /** A tile asks for a stream: substream in a grid, main stream when maximised. */
  'video.open': defineMethod({
    input: z.object({ cameraId, quality: streamQualitySchema.default('sub') }).strict(),
    output: videoLeaseSchema,
    access: 'video.view',
    audit: false,
  }),
  'video.close': defineMethod({ input: z.object({ leaseId: z.string().uuid() }).strict(), output: z.object({ closed: z.boolean() }), access: 'video.view', audit: false }),
  /** Saves a snapshot as evidence in the data folder and returns it for download. */
  'video.snapshot': defineMethod({
    input: z.object({ cameraId }).strict(),
    output: z.object({ fileName: z.string(), path: z.string(), jpegBase64: z.string() }),
    access: 'video.snapshot',
    audit: true,
  }),
  'video.layouts.list': defineMethod({ input: none, output: z.array(savedLayoutSchema), access: 'video.view', audit: false }),
  'video.layouts.save': defineMethod({ input: z.object({ layout: savedLayoutSchema }).strict(), output: savedLayoutSchema, access: 'video.view', audit: true }),
  'video.layouts.remove': defineMethod({ input: z.object({ id: z.string().min(1).max(64) }).strict(), output: z.object({ removed: z.boolean() }), access: 'video.view', audit: true }),

  'ptz.move': defineMethod({ input: z.object({ cameraId, velocity: ptzVelocitySchema }).strict(), output: ok, access: 'video.ptz', audit: false }),
  'ptz.stop': defineMethod({ input: z.object({ cameraId }).strict(), output: ok, access: 'video.ptz', audit: false }),
  'ptz.presets': defineMethod({ input: z.object({ cameraId }).strict(), output: z.array(ptzPresetSchema), access: 'video.view', audit: false }),
  'ptz.gotoPreset': defineMethod({ input: z.object({ cameraId, token: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/) }).strict(), output: ok, access: 'video.ptz', audit: true }),
  'ptz.savePreset': defineMethod({ input: z.object({ cameraId, name: z.string().trim().min(1).max(64) }).strict(), output: ptzPresetSchema, access: 'video.ptz', audit: true }),
} as const;

export const videoEvents = {
  'video.stream': defineEvent({ payload: streamStatusEventSchema, access: 'video.view' }),
  'cameras.event': defineEvent({ payload: cameraEventSchema, access: 'video.view' }),
  'cameras.changed': defineEvent({ payload: z.object({}), access: 'video.view' }),
} as const;
