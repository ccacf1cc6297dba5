// The tabs of a profile's details: the same four for a profile of this host and of another.

import { PROFILE_TABS as TABS, type ProfileTab } from '../../navigation.ts';

export type { ProfileTab } from '../../navigation.ts';

export function ProfileTabs({ tab, onTab }: { tab: ProfileTab; onTab: (tab: ProfileTab) => void }) {
  return (
    <div role="tablist" aria-label="Profile views">
      {TABS.map((t) => (
        <button key={t} role="tab" type="button" aria-selected={tab === t} onClick={() => onTab(t)}>
          {t[0]?.toUpperCase() + t.slice(1)}
        </button>
      ))}
    </div>
  );
}
