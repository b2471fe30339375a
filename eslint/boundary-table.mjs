// Which folder may import which: the rooms of docs/architecture.md as lint
// rules (eslint/boundaries.mjs resolves aliases and relative paths alike).
// test/unit/lint-boundaries.test.ts proves each rule fires.
export const BOUNDARIES = [
  {
    from: ['src/shared'],
    deny: ['src/server', 'src/node', 'src/main', 'src/preload', 'src/renderer', 'src/desk-core', 'src/console', 'src/portal', 'test', 'bench'],
    message: 'src/shared runs everywhere: it may import only src/shared',
  },
  {
    from: ['src/node'],
    deny: ['src/server', 'src/main', 'src/preload', 'src/renderer', 'src/desk-core', 'src/console', 'src/portal'],
    message: 'src/node is Node code shared by the main process and the service (the SIP2 client): it may import only src/shared and itself',
  },
  {
    from: ['src/server'],
    deny: ['src/main', 'src/preload', 'src/renderer', 'src/desk-core', 'src/console', 'src/portal'],
    message: 'The service may not import the desk app (main, preload, renderer, desk core) or the web front ends',
  },
  {
    from: ['src/main'],
    deny: ['src/server'],
    message: 'The main process never imports the central service: the embedded service runs in its own process, talked to over HTTP',
  },
  {
    from: ['src/main', 'src/preload'],
    deny: ['src/renderer', 'src/desk-core', 'src/console', 'src/portal'],
    message: 'The main process and the preload do not import renderer code; they meet it through the bridge contract in src/shared/bridge',
  },
  {
    from: ['src/preload'],
    deny: ['src/main', 'src/server'],
    message: 'The preload exposes the bridge contract and nothing else',
  },
  {
    from: ['src/main/devices'],
    deny: ['src/main/bridge', 'src/main/desk-runtime', 'src/main/desk-host', 'src/main/ils'],
    message: 'Devices know nothing of the bridge, the desk runtime or the library system: they are composed by the runtime',
  },
  {
    from: ['src/main'],
    except: ['src/main/simulators'],
    deny: ['src/main/simulators'],
    staticOnly: true,
    message: 'Simulators stay out of the production import graph: load them with import() on the demo/test path only',
  },
  {
    from: ['src/desk-core'],
    deny: ['src/renderer', 'src/main', 'src/node', 'src/server', 'src/preload', 'src/console', 'src/portal'],
    message: 'The desk core is plain TypeScript over RxDB: no UI, no main process, no service',
  },
  {
    from: ['src/renderer', 'src/console', 'src/portal'],
    deny: ['src/main', 'src/node', 'src/server', 'src/preload'],
    message: 'Web code reaches the main process only through the bridge and the service only over HTTP',
  },
  {
    from: ['src/renderer/ui'],
    deny: ['src/renderer/kiosk'],
    message: 'The staff desk UI and the kiosk are separate rooms: share through src/renderer/common or the desk core',
  },
  {
    from: ['src/renderer/kiosk'],
    deny: ['src/renderer/ui'],
    message: 'The kiosk and the staff desk UI are separate rooms: share through src/renderer/common or the desk core',
  },
];
