// What the testRules command answers: the rule that answers a sample and its reply, or none.

/** `ruleIndex` -1 is the fallback auto-reply; `text` is the reply decoded in the session's encoding, every byte visible. */
export type RulesTestVerdict =
  { kind: 'answer'; ruleIndex: number; reply: Uint8Array; text: string; delayMs: number; close: boolean } | { kind: 'none' };
