/**
 * Draws Perseid's app icons and launch screens (a meteor streaking across a night sky) into
 * `<root>/resources/`, the files the repository's mobile-config.js names. Run:
 *   npx tsx packages/tool/src/cordova/draw-app-images.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './png';
import type { Pixel } from './png';

type Rgb = readonly [number, number, number];
const NIGHT: Rgb = [11, 16, 38];
const GLOW: Rgb = [255, 214, 120];
const DAY: Rgb = [246, 247, 251];

const mix = (a: Rgb, b: Rgb, t: number): Pixel => {
  const k = Math.max(0, Math.min(1, t));
  return [Math.round(a[0] + (b[0] - a[0]) * k), Math.round(a[1] + (b[1] - a[1]) * k), Math.round(a[2] + (b[2] - a[2]) * k), 255];
};

/** Brightness of the meteor at (u, v) in [0, 1]²: a round head and a tail fading to the lower left. */
function meteor(u: number, v: number, scale: number): number {
  const hx = 0.5 + 0.17 * scale;
  const hy = 0.5 - 0.17 * scale;
  const head = Math.hypot(u - hx, v - hy) / (0.075 * scale);
  if (head <= 1) return 1;
  // Distance from the tail's axis (the diagonal through the head) and position along it.
  const along = (hx - u + (v - hy)) / Math.SQRT2;
  const across = Math.abs(u - hx + (v - hy)) / Math.SQRT2;
  const length = 0.55 * scale;
  if (along <= 0 || along >= length) return Math.max(0, 1.6 - head);
  const width = 0.07 * scale * (1 - along / length);
  return across < width ? (1 - along / length) * (1 - across / width) ** 0.5 : Math.max(0, 1.6 - head);
}

export function drawIcon(size: number): Buffer {
  return encodePng(size, size, (x, y) => mix(NIGHT, GLOW, meteor((x + 0.5) / size, (y + 0.5) / size, 1)));
}

/** A square launch image: the meteor small in the middle, on night (dark mode) or day. */
export function drawLaunchScreen(size: number, dark: boolean): Buffer {
  const sky = dark ? NIGHT : DAY;
  const streak: Rgb = dark ? GLOW : [44, 62, 140];
  return encodePng(size, size, (x, y) => mix(sky, streak, meteor((x + 0.5) / size, (y + 0.5) / size, 0.35)));
}

export const APP_IMAGES: Readonly<Record<string, () => Buffer>> = {
  'icons/icon-48.png': () => drawIcon(48),
  'icons/icon-72.png': () => drawIcon(72),
  'icons/icon-96.png': () => drawIcon(96),
  'icons/icon-120.png': () => drawIcon(120),
  'icons/icon-144.png': () => drawIcon(144),
  'icons/icon-152.png': () => drawIcon(152),
  'icons/icon-167.png': () => drawIcon(167),
  'icons/icon-180.png': () => drawIcon(180),
  'icons/icon-192.png': () => drawIcon(192),
  'icons/icon-1024.png': () => drawIcon(1024),
  'splash/splash-android.png': () => drawLaunchScreen(288, false),
  'splash/splash-android-dark.png': () => drawLaunchScreen(288, true),
  'splash/splash-ios.png': () => drawLaunchScreen(2732, false),
  'splash/splash-ios-dark.png': () => drawLaunchScreen(2732, true),
};

export function writeAppImages(dir: string): void {
  for (const [rel, draw] of Object.entries(APP_IMAGES)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), draw());
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeAppImages(fileURLToPath(new URL('../../../../resources', import.meta.url)));
}
