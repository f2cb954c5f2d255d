import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { stationMenuTemplate } from './menu-template';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);
}

describe('stationMenuTemplate', () => {
  it('is Vietnamese by default, with View → toggle full screen', () => {
    const menu = stationMenuTemplate({ dev: false });
    expect(menu.map((m) => m.label)).toEqual(['Tệp', 'Chỉnh sửa', 'Xem']);
    const view = menu[2]!.submenu as MenuItemConstructorOptions[];
    expect(view[0]).toEqual({ role: 'togglefullscreen', label: 'Bật/tắt toàn màn hình' });
  });

  it('has no reload or developer tools in production', () => {
    const r = roles(stationMenuTemplate({ dev: false }));
    expect(r).not.toContain('reload');
    expect(r).not.toContain('forceReload');
    expect(r).not.toContain('toggleDevTools');
  });

  it('adds reload and developer tools in development', () => {
    expect(roles(stationMenuTemplate({ dev: true }))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('has English labels too', () => {
    expect(stationMenuTemplate({ dev: false, language: 'en' }).map((m) => m.label)).toEqual(['File', 'Edit', 'View']);
  });

  it('labels every item that is not a separator', () => {
    const walk = (items: MenuItemConstructorOptions[]): void => {
      for (const i of items) {
        if (i.type !== 'separator') expect(i.label, JSON.stringify(i)).toBeTruthy();
        if (Array.isArray(i.submenu)) walk(i.submenu);
      }
    };
    walk(stationMenuTemplate({ dev: true }));
  });
});
