// A stateful msw mock of MechaMental volumes: `@dbwire/mocks/volumes`.

export type { VolumesCaller, VolumesToken } from '@dbwire/reference/volumes';
export {
  createVolumesMock,
  DEFAULT_BASE_URL,
  type VolumesMock,
  type VolumesMockOptions,
  type VolumesMockReferenceOptions,
} from './mock.js';
