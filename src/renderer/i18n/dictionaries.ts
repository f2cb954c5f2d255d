import { mapStrings } from '../features/map/strings';
import { shellStrings } from './shell-strings';
import { controlStrings } from '../features/control/strings';
import { videoStrings } from '../features/video/strings';
import { statsStrings } from '../features/stats/strings';
import { visionStrings } from '../features/vision/strings';
import { cameraAdminStrings } from '../features/camera-admin/strings';
import { platesStrings } from '../features/plates/strings';

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

/** Every feature brings its own strings; they meet here, Vietnamese first. */
export const dictionaries = {
  vi: { ...shellStrings.vi, ...mapStrings.vi, ...controlStrings.vi, ...videoStrings.vi, ...statsStrings.vi, ...visionStrings.vi, ...cameraAdminStrings.vi, ...platesStrings.vi },
  en: { ...shellStrings.en, ...mapStrings.en, ...controlStrings.en, ...videoStrings.en, ...statsStrings.en, ...visionStrings.en, ...cameraAdminStrings.en, ...platesStrings.en },
} as const;

export type MessageKey = keyof (typeof dictionaries)['vi'];

export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
