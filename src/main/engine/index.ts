// The engine's public surface, also built as out/main/engine.js for the benchmark script.
export { Engine, type EngineListener, type EngineOptions } from './engine';
export { UpdateBatcher, type BatcherOptions } from './batcher';
export { LogStore, defaultStoreLimits, type StoreLimits } from './log-store';
export { EngineError, explainSocketError } from './errors';
