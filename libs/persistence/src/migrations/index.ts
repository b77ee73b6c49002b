import { InitialSchema1764201600000 } from './1764201600000-initial-schema.js';

/** Every migration, in order. Add new ones at the end. */
export const MIGRATIONS = [InitialSchema1764201600000];
