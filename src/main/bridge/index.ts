export { createHandlers, type BridgeContext, type BridgeHandlers, type DeviceService, type SimulatorControls } from './handlers';
export { createDispatch, type Dispatch, type DispatchOptions } from './dispatch';
export { validateInput } from './validate';
export { BridgeEvents, type BridgeEventListener } from './events';
export { isTrustedSender, type AppOrigin, type SenderFacts } from './sender';
export { registerBridgeIpc, type BridgeIpcOptions, type IpcInvokeEventLike, type IpcMainLike } from './ipc';
