import { app, Menu, type MenuItemConstructorOptions } from 'electron';

/** Standard roles only: Quit (Ctrl/Cmd+Q), editing shortcuts, zoom and window management. */
export function installApplicationMenu(): void {
  const template: MenuItemConstructorOptions[] =
    process.platform === 'darwin'
      ? [{ role: 'appMenu' }, { role: 'editMenu' }, { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] }, { role: 'windowMenu' }]
      : [
          { label: app.name, submenu: [{ role: 'quit' }] },
          { role: 'editMenu' },
          { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
          { role: 'windowMenu' },
        ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
