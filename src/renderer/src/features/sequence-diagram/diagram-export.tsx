// Export PNG / SVG: the diagram drawn whole (up to a bound) into a standalone SVG document with its colours
// and Hangul-capable fonts inline, downloaded as is, or drawn on a canvas at twice its size for the PNG.
// The browser's download works the same in Electron (the page is the same), so there is no IPC here.
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Lifeline, Step } from '../../../../shared/lesson/steps';
import { columns, headerHeight, stepHeight } from './diagram-layout';
import { DiagramHeader, DiagramRows, diagramFont, type Palette, type StepTexts } from './diagram-svg';

/** The most steps an SVG file holds (the latest ones); a PNG holds fewer, as a canvas has a height limit. */
export const maxSvgSteps = 5000;
export const maxPngSteps = 250;
const pngScale = 2;

export interface ExportInput {
  steps: readonly Step[];
  lifelines: Lifeline[];
  /** The width the diagram is drawn at (at least its columns' minimum). */
  width: number;
  p: Palette;
  texts: StepTexts;
  name: (l: Lifeline) => string[];
  title: string;
  /** The row to keep in the picture when the steps are too many (the current one). */
  around: number | null;
}

/** The rows the picture holds: all, or `limit` of them ending at the current row (or the last). */
function rowsFor(count: number, limit: number, around: number | null): { start: number; end: number } {
  if (count <= limit) return { start: 0, end: count };
  const end = Math.min(count, Math.max(limit, (around ?? count - 1) + Math.ceil(limit / 2)));
  return { start: end - limit, end };
}

/** The diagram as a standalone SVG document. */
export function diagramSvgText(input: ExportInput, limit = maxSvgSteps): string {
  const { steps, lifelines, p, texts, name, title } = input;
  const cols = columns(lifelines.length, input.width);
  const { start, end } = rowsFor(steps.length, limit, input.around);
  const height = headerHeight + Math.max(1, end - start) * stepHeight + 8;
  const host = document.createElement('div');
  const root = createRoot(host);
  flushSync(() =>
    root.render(
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width={cols.width}
        height={height}
        viewBox={`0 0 ${cols.width} ${height}`}
        fontFamily={diagramFont}
        role="img"
        aria-label={title}
      >
        <title>{title}</title>
        <rect width={cols.width} height={height} fill={p.background} />
        <DiagramHeader lifelines={lifelines} cols={cols} p={p} name={name} />
        <DiagramRows
          steps={steps}
          start={start}
          end={end}
          top={headerHeight}
          lifelines={lifelines}
          cols={cols}
          p={p}
          texts={texts}
          current={null}
        />
      </svg>,
    ),
  );
  // XML, not HTML serialisation: the file must parse as XML (an HTML serialiser writes &nbsp; and void tags).
  const markup = host.firstElementChild ? new XMLSerializer().serializeToString(host.firstElementChild) : '';
  root.unmount();
  return `<?xml version="1.0" encoding="UTF-8"?>\n${markup}\n`;
}

/** The same picture as PNG bytes, drawn at twice its size. */
export async function diagramPng(input: ExportInput): Promise<Blob> {
  const svg = diagramSvgText(input, maxPngSteps);
  const size = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg);
  const width = Number(size?.[1] ?? 400);
  const height = Number(size?.[2] ?? 300);
  const image = new Image();
  // A data: URL, which the page's content security policy allows for images (blob: it does not).
  image.src = `data:image/svg+xml;base64,${base64(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width * pngScale;
  canvas.height = height * pngScale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(pngScale, pngScale);
  ctx.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'));
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** "tcp-server 127.0.0.1:5000" -> "tcp-server-127.0.0.1-5000": a file name on every system. */
export const fileStem = (text: string): string =>
  text
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '') || 'session';
