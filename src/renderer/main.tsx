import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { KioskApp } from './kiosk/KioskApp';
import { installTestHooks, testHooksWanted } from './test-hooks';
import type { Desk } from '#desk-core/desk';
import './ui/styles.css';

// The composition root: the staff desk (ui/) and the kiosk (kiosk/) are separate rooms;
// App decides from the pairing which one this device runs.
// Read before getBridge() rewrites the fragment.
const hooks = testHooksWanted(window.location.hash);
const onDesk = hooks ? (desk: Desk) => installTestHooks(desk) : undefined;

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App onDesk={onDesk} kiosk={(config) => <KioskApp config={config} onDesk={onDesk} />} /></StrictMode>);
