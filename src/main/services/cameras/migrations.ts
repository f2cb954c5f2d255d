import type { Migration } from '../store/migration';

/** Cameras, devices (credentials encrypted) and saved video layouts: versions 300–399. */
export const cameraMigrations: readonly Migration[] = [
  {
    version: 300,
    name: 'cameras_devices_layouts',
    up: [
      `CREATE TABLE camera_devices (
         id VARCHAR PRIMARY KEY,
         data VARCHAR NOT NULL,
         password_enc VARCHAR,
         updated_at TIMESTAMPTZ NOT NULL
       )`,
      `CREATE TABLE cameras (
         id VARCHAR PRIMARY KEY,
         data VARCHAR NOT NULL,
         updated_at TIMESTAMPTZ NOT NULL
       )`,
      `CREATE TABLE video_layouts (
         id VARCHAR PRIMARY KEY,
         data VARCHAR NOT NULL,
         updated_at TIMESTAMPTZ NOT NULL
       )`,
    ],
  },
];
