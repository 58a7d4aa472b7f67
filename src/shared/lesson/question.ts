// A lesson's prediction question as data (what a lesson file holds), apart from the graders: the workspace
// schema checks questions without loading what grades them.

/** Text in both languages the lab speaks. */
export interface Localized {
  en: string;
  ko: string;
}

/**
 * dataCount: data rows of one direction the session logs (TCP: reads, not messages); datagramCount: UDP
 * datagrams that arrive; error: the error the client gets; recvText: what the first recv() returns.
 */
export const predictionKinds = ['dataCount', 'datagramCount', 'error', 'recvText'] as const;
export type PredictionKind = (typeof predictionKinds)[number];

/** The answers offered for an `error` question. */
export const errorChoices = ['none', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'] as const;
export type ErrorChoice = (typeof errorChoices)[number];

export interface PredictionQuestion {
  /** Unique in its list: how a lesson's question is told apart. */
  id: string;
  kind: PredictionKind;
  /** The question as asked (a lesson's own words); built-in questions are worded in the locale files instead. */
  text?: Localized;
  /** What the teacher wants said after the run, beside the kind's own explanation. */
  explain?: Localized;
  /** The glossary entry linked after grading (an id of the window's glossary); else the kind's own. */
  glossary?: string;
  /** A lesson's session (by its name in the file) the question is about; else the selected session. */
  session?: string;
  /** dataCount only: which rows are counted (default: in, what the session's recv() returned). */
  direction?: 'in' | 'out';
}
