// The log's export formats, named once for the engine, the CLI, the contract and the window.

export const exportFormats = ['pcapng', 'ndjson', 'csv', 'txt'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The format a file name asks for by its extension (case-insensitive), or null. */
export function exportFormatOf(fileName: string): ExportFormat | null {
  const dot = fileName.lastIndexOf('.');
  const ext = dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase();
  return (exportFormats as readonly string[]).includes(ext) ? (ext as ExportFormat) : null;
}

/** The name with the format's extension, added when the name does not already end in it. */
export const withExportExtension = (name: string, format: ExportFormat): string =>
  exportFormatOf(name) === format ? name : `${name}.${format}`;
