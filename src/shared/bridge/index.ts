// The desk bridge contract: names (import-free, for the preload), schemas and
// types, the error shape and the WebSocket framing.
export * from './names';
export * from './errors';
export * from './contract';
export * from './framing';
export * from './slip';
export * from './ils';
