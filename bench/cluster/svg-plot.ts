/**
 * Line plots as SVG (time on x, one or more series on y, vertical markers for events),
 * rendered to PNG by headless Chromium (Debian's /usr/bin/chromium or CHROME_PATH).
 */
import { chromium } from 'playwright-core';

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [x: number, y: number])[];
}

export interface Panel {
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Logarithmic y axis (latencies). */
  readonly log?: boolean;
}

export interface Plot {
  readonly title: string;
  readonly xLabel: string;
  readonly panels: readonly Panel[];
  readonly markers: readonly { x: number; label: string }[];
}

const W = 1000;
const PANEL_H = 300;
const M = { left: 80, right: 170, top: 40, bottom: 50 };

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function niceTicks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => span / s <= count) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function panelSvg(plot: Plot, panel: Panel, top: number, xMin: number, xMax: number): string {
  const h = PANEL_H - M.top - M.bottom;
  const w = W - M.left - M.right;
  const ys = panel.series.flatMap((s) => s.points.map(([, y]) => y)).filter((y) => Number.isFinite(y));
  const positive = ys.filter((y) => y > 0);
  const log = panel.log === true && positive.length > 0;
  const yLo = log ? 10 ** Math.floor(Math.log10(Math.min(...positive))) : 0;
  const yHi = log ? 10 ** Math.ceil(Math.log10(Math.max(...positive))) : Math.max(1e-9, ...ys) * 1.1;
  const fy = (y: number): number => {
    const v = log ? (Math.log10(Math.max(y, yLo)) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo) || 1) : (y - yLo) / (yHi - yLo);
    return top + M.top + h - v * h;
  };
  const fx = (x: number): number => M.left + ((x - xMin) / (xMax - xMin || 1)) * w;
  const parts: string[] = [];
  parts.push(`<text x="${M.left}" y="${top + 24}" font-size="15" font-weight="bold">${esc(panel.title)}</text>`);
  parts.push(`<rect x="${M.left}" y="${top + M.top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  const yTicks = log ? Array.from({ length: Math.round(Math.log10(yHi / yLo)) + 1 }, (_, i) => yLo * 10 ** i) : niceTicks(yLo, yHi, 6);
  for (const t of yTicks) {
    parts.push(`<line x1="${M.left}" x2="${M.left + w}" y1="${fy(t)}" y2="${fy(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${M.left - 6}" y="${fy(t) + 4}" font-size="11" text-anchor="end">${t}</text>`);
  }
  for (const t of niceTicks(xMin, xMax, 10)) {
    parts.push(`<text x="${fx(t)}" y="${top + M.top + h + 16}" font-size="11" text-anchor="middle">${t}</text>`);
  }
  parts.push(`<text x="${M.left + w / 2}" y="${top + M.top + h + 36}" font-size="12" text-anchor="middle">${esc(plot.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${top + M.top + h / 2}) rotate(-90)" font-size="12" text-anchor="middle">${esc(panel.yLabel)}</text>`);
  for (const m of plot.markers) {
    parts.push(`<line x1="${fx(m.x)}" x2="${fx(m.x)}" y1="${top + M.top}" y2="${top + M.top + h}" stroke="#d00" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${fx(m.x) + 3}" y="${top + M.top + 12}" font-size="11" fill="#d00">${esc(m.label)}</text>`);
  }
  for (const [i, s] of panel.series.entries()) {
    const pts = s.points
      .filter(([, y]) => Number.isFinite(y))
      .map(([x, y]) => `${fx(x).toFixed(1)},${fy(y).toFixed(1)}`)
      .join(' ');
    parts.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="1.6"/>`);
    parts.push(
      `<line x1="${M.left + w + 12}" x2="${M.left + w + 32}" y1="${top + M.top + 10 + i * 18}" y2="${top + M.top + 10 + i * 18}" stroke="${s.color}" stroke-width="3"/>`,
    );
    parts.push(`<text x="${M.left + w + 36}" y="${top + M.top + 14 + i * 18}" font-size="12">${esc(s.name)}</text>`);
  }
  return parts.join('\n');
}

export function plotSvg(plot: Plot): string {
  const xs = plot.panels.flatMap((p) => p.series.flatMap((s) => s.points.map(([x]) => x)));
  const xMin = Math.min(...xs, ...plot.markers.map((m) => m.x));
  const xMax = Math.max(...xs, ...plot.markers.map((m) => m.x));
  const height = 30 + plot.panels.length * PANEL_H;
  const body = plot.panels.map((p, i) => panelSvg(plot, p, 30 + i * PANEL_H, xMin, xMax)).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/><text x="${W / 2}" y="22" font-size="16" text-anchor="middle">${esc(plot.title)}</text>${body}</svg>`;
}

export async function writePlotPng(plot: Plot, file: string): Promise<void> {
  const svg = plotSvg(plot);
  const browser = await chromium.launch({ executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: W, height: 30 + plot.panels.length * PANEL_H } });
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await browser.close();
  }
}
