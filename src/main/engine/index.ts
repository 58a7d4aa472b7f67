// The engine's public surface, also built as out/main/engine.js for the benchmark script.
export { Engine, type EngineListener, type EngineOptions } from './engine';
export { UpdateBatcher, type BatcherOptions } from './batcher';
export { LogBudget, LogStore, defaultStoreLimits, rowCost, rowOverheadBytes, type RowVisitor, type StoreLimits } from './log-store';
export { PayloadSlab } from './payload-slab';
export { EngineError, explainSocketError } from './errors';
export { LogFilterIndex, RowMatcher, type FilterableLog } from './log-filter';
