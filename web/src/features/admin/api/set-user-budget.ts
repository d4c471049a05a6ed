import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export interface UserBudget {
  monthlyLimitUsd: number | null;
  spentThisMonthUsd: number;
}

/** Sets (or with null removes) a user's monthly budget in USD. */
export const setUserBudget = ({ id, monthlyLimitUsd }: { id: string; monthlyLimitUsd: number | null }) =>
  api.put<UserBudget>(`/admin/users/${encodeURIComponent(id)}/budget`, { monthlyLimitUsd });

export const useSetUserBudget = () => useMutation({ mutationFn: setUserBudget });
