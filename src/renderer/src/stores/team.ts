import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { TeamMember } from '../../../shared/domain.ts';
import type { IpcError } from '../../../shared/ipc/contract.ts';
import { call, toIpcError } from '../ipc/client.ts';

export const useTeamStore = defineStore('team', () => {
  const members = shallowRef<TeamMember[]>([]);
  const error = ref<IpcError | null>(null);

  const byUserId = computed(() => new Map(members.value.map((member) => [member.userId, member])));

  function apply(next: TeamMember[]): void {
    members.value = [...next].sort((a, b) => a.name.localeCompare(b.name));
  }

  async function load(): Promise<void> {
    try {
      apply(await call('team.list', null));
      error.value = null;
    } catch (failure) {
      error.value = toIpcError(failure);
    }
  }

  function nameOf(userId: string): string {
    return byUserId.value.get(userId)?.name ?? userId;
  }

  return { members, error, byUserId, apply, load, nameOf };
});
