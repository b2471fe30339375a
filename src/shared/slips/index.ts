// Slips: defined once as data, rendered to HTML here and to ESC/POS in
// src/main/devices/printer/render-escpos.ts.
export * from './model';
export * from './mask';
export * from './format';
export * from './layout';
export * from './html';
export * from './hold-slip';
export * from './routing-label';
export * from './parcel-manifest';
export * from './pull-slip';
export * from './patron-receipt';
export * from './fair-slips';
export * from './code-blocks';
export * from './code128-svg';
