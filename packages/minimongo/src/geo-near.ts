import { MinimongoError } from './errors';
import { isPlainObject } from './value-types';

/** Mean Earth radius in metres, for distances between GeoJSON points. */
const EARTH_RADIUS_M = 6_371_000;

/**
 * A compiled `$near`: the distance from the query point to a stored location (undefined when
 * the value is not a location of the query's kind) and the `$maxDistance` bound. Legacy
 * coordinate pairs use plane geometry in their own units; GeoJSON points use great-circle
 * distance in metres, as MongoDB's 2d and 2dsphere indexes do.
 */
export interface NearQuery {
  readonly maxDistance: number | undefined;
  distanceTo(value: unknown): number | undefined;
}

export function compileNear(near: unknown, siblingMaxDistance: unknown): NearQuery {
  if (isPlainObject(near) && '$geometry' in near) {
    const geometry = near.$geometry;
    const origin = isPlainObject(geometry) && geometry.type === 'Point' ? legacyPoint(geometry.coordinates) : undefined;
    if (origin === undefined) {
      throw new MinimongoError('minimongo.bad-selector', '$near supports only GeoJSON points as $geometry');
    }
    const maxDistance = checkDistance(near.$maxDistance ?? siblingMaxDistance);
    return {
      maxDistance,
      distanceTo: (value) => {
        const point = isPlainObject(value) && value.type === 'Point' ? legacyPoint(value.coordinates) : undefined;
        return point === undefined ? undefined : haversine(origin, point);
      },
    };
  }
  const origin = legacyPoint(near);
  if (origin === undefined) {
    throw new MinimongoError('minimongo.bad-selector', '$near needs a coordinate pair or a GeoJSON point');
  }
  const maxDistance = checkDistance(siblingMaxDistance);
  return {
    maxDistance,
    distanceTo: (value) => {
      const point = legacyPoint(value);
      return point === undefined ? undefined : Math.hypot(point[0] - origin[0], point[1] - origin[1]);
    },
  };
}

function checkDistance(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value >= 0)) {
    throw new MinimongoError('minimongo.bad-selector', '$maxDistance must be a non-negative number');
  }
  return value;
}

/** `[x, y]`, or a document whose first two values are numbers (MongoDB's legacy pairs). */
function legacyPoint(value: unknown): [number, number] | undefined {
  const pair = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : undefined;
  if (pair === undefined || pair.length < 2) return undefined;
  const [x, y] = pair;
  return typeof x === 'number' && typeof y === 'number' ? [x, y] : undefined;
}

/** Great-circle distance between two [longitude, latitude] points, in metres. */
function haversine([lng1, lat1]: [number, number], [lng2, lat2]: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
