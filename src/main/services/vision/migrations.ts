import type { Migration } from '../store/migration';

/** Camera analytics settings per camera and the user's model registry: versions 600–649. */
export const visionMigrations: readonly Migration[] = [
  {
    version: 600,
    name: 'vision_settings_models',
    up: [
      `CREATE TABLE vision_settings (
         camera_id VARCHAR PRIMARY KEY,
         data VARCHAR NOT NULL,
         updated_at TIMESTAMPTZ NOT NULL
       )`,
      `CREATE TABLE vision_models (
         id VARCHAR PRIMARY KEY,
         data VARCHAR NOT NULL,
         updated_at TIMESTAMPTZ NOT NULL
       )`,
    ],
  },
];
