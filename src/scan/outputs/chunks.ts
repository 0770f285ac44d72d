/** Each output format's text, in pieces, from a report: what the main thread and the format workers both write. */
import { jsonVisible } from '../../core/visible.js';
import type { OutputFormatName } from '../model.js';
import type { ScanReport } from './common.js';
import { csvChunks } from './csv.js';
import { htmlChunks } from './html.js';
import { ocsfChunks } from './ocsf.js';
import { sarifChunks } from './sarif.js';

/** JSON whose strings hold no character a terminal acts on (`cat report.ocsf.json` is safe), the values exact. */
function* visibleJson(chunks: Iterable<string>): Generator<string> {
  for (const chunk of chunks) yield jsonVisible(chunk);
}

export const CHUNKS: Record<OutputFormatName, (report: ScanReport) => Iterable<string>> = {
  'json-ocsf': (report) => visibleJson(ocsfChunks(report)),
  csv: csvChunks,
  html: htmlChunks,
  sarif: (report) => visibleJson(sarifChunks(report)),
};
