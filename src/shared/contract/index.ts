import type { z } from 'zod';
import { analyticsEvents, analyticsMethods } from './methods/analytics';
import { analyticsAdminEvents, analyticsAdminMethods } from './methods/analytics-admin';
import { authEvents, authMethods } from './methods/auth';
import { cityMethods } from './methods/city';
import { displayMethods } from './methods/displays';
import { fieldEvents, fieldMethods } from './methods/field';
import { plateEvents, plateMethods } from './methods/plates';
import { systemEvents, systemMethods } from './methods/system';
import { videoEvents, videoMethods } from './methods/video';
import { visionEvents, visionMethods } from './methods/vision';
import type { EventSpec, MethodSpec } from './define';

/**
 * The one contract between renderer and main process. Both transports (Electron IPC and
 * the headless WebSocket) carry exactly these methods and events; the main process validates
 * every argument against `input` and every caller against `access` before a handler runs.
 */
export const methods = {
  ...systemMethods,
  ...authMethods,
  ...cityMethods,
  ...displayMethods,
  ...fieldMethods,
  ...videoMethods,
  ...analyticsMethods,
  ...analyticsAdminMethods,
  ...visionMethods,
  ...plateMethods,
} as const satisfies Record<string, MethodSpec>;

export const events = {
  ...systemEvents,
  ...authEvents,
  ...fieldEvents,
  ...videoEvents,
  ...analyticsEvents,
  ...analyticsAdminEvents,
  ...visionEvents,
  ...plateEvents,
} as const satisfies Record<string, EventSpec>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventName = keyof typeof events;

/** What a caller passes (defaults still optional). */
export type MethodArg<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives after validation (defaults applied). */
export type MethodParams<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]['payload']>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

export * from './define';
export * from './errors';
