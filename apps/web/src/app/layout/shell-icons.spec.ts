import * as icons from '@ant-design/icons-angular/icons';
import type { IconDefinition } from '@ant-design/icons-angular';
import { navigationFor } from './navigation';
import { SHELL_ICONS } from './shell-icons';

describe('the shell’s copied icons', () => {
  it('are the icon package’s own definitions, unchanged', () => {
    const byName = new Map(
      Object.values(icons as Record<string, IconDefinition>)
        .filter((d) => d.theme === 'outline')
        .map((d) => [d.name, d]),
    );
    for (const [name, icon] of Object.entries(SHELL_ICONS)) expect(icon).toEqual(byName.get(name));
  });

  it('cover every icon of every role’s menu', () => {
    const used = (['member', 'secretary', 'staff'] as const).flatMap((role) =>
      navigationFor(role).map((item) => item.icon),
    );
    expect(used.filter((name) => !SHELL_ICONS[name])).toEqual([]);
  });
});
