import type { MenuItemConstructorOptions } from 'electron';

export type MenuLanguage = 'vi' | 'en';

const labels = {
  vi: {
    file: 'Tệp',
    quit: 'Thoát',
    edit: 'Chỉnh sửa',
    undo: 'Hoàn tác',
    redo: 'Làm lại',
    cut: 'Cắt',
    copy: 'Sao chép',
    paste: 'Dán',
    selectAll: 'Chọn tất cả',
    view: 'Xem',
    fullscreen: 'Bật/tắt toàn màn hình',
    zoomIn: 'Phóng to',
    zoomOut: 'Thu nhỏ',
    resetZoom: 'Cỡ mặc định',
    reload: 'Tải lại',
    devTools: 'Công cụ phát triển',
  },
  en: {
    file: 'File',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select all',
    view: 'View',
    fullscreen: 'Toggle full screen',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetZoom: 'Actual size',
    reload: 'Reload',
    devTools: 'Developer tools',
  },
} as const satisfies Record<MenuLanguage, Record<string, string>>;

/**
 * The station window's menu: a minimal one, Vietnamese first. Reload and developer tools exist
 * only in development, so in production their keyboard shortcuts do nothing either.
 */
export function stationMenuTemplate(options: { dev: boolean; language?: MenuLanguage }): MenuItemConstructorOptions[] {
  const t = labels[options.language ?? 'vi'];
  const view: MenuItemConstructorOptions[] = [
    { role: 'togglefullscreen', label: t.fullscreen },
    { type: 'separator' },
    { role: 'zoomIn', label: t.zoomIn },
    { role: 'zoomOut', label: t.zoomOut },
    { role: 'resetZoom', label: t.resetZoom },
  ];
  if (options.dev) view.push({ type: 'separator' }, { role: 'reload', label: t.reload }, { role: 'toggleDevTools', label: t.devTools });
  return [
    { label: t.file, submenu: [{ role: 'quit', label: t.quit }] },
    {
      label: t.edit,
      submenu: [
        { role: 'undo', label: t.undo },
        { role: 'redo', label: t.redo },
        { type: 'separator' },
        { role: 'cut', label: t.cut },
        { role: 'copy', label: t.copy },
        { role: 'paste', label: t.paste },
        { role: 'selectAll', label: t.selectAll },
      ],
    },
    { label: t.view, submenu: view },
  ];
}
