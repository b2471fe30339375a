// Electron shell: the only main-process file that imports 'electron'. All
// logic lives in plain Node modules beside it so that it is tested in Node.
import { app, BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { isAllowedExternalUrl } from './external-links';

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  if (process.env['ELECTRON_RENDERER_URL']) void win.loadURL(process.env['ELECTRON_RENDERER_URL']);
  else void win.loadFile(join(__dirname, '../renderer/index.html'));
}

app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
void app.whenReady().then(createWindow);
app.on('window-all-closed', () => app.quit());
