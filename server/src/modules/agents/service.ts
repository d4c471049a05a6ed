// The routing table in force: the built-in one from routing.json, or the admin's replacement.
import type { SettingsService } from '../settings/service.js';
import { defaultRoutingTable, type RoutingTable } from './routing-table.js';

const ROUTING_OVERRIDE = 'routing';
/** How long the table is reused before the settings are read again (it is read on every answer). */
export const ROUTING_TABLE_TTL_MS = 5_000;

export function createAgentsService(
  settings: Pick<SettingsService, 'readJson' | 'writeJson'>,
  ttlMs = ROUTING_TABLE_TTL_MS,
) {
  // A change here clears it at once; other instances see it within the TTL.
  let cached: { at: number; value: Promise<RoutingTable | undefined> } | undefined;
  const override = () => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.value;
    const entry = { at: Date.now(), value: settings.readJson<RoutingTable>(ROUTING_OVERRIDE) };
    cached = entry;
    // A failed read is not kept: the next request tries again.
    entry.value.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return entry.value;
  };
  return {
    async routingTable(): Promise<{ table: RoutingTable; overridden: boolean }> {
      const table = await override();
      return { table: table ?? defaultRoutingTable(), overridden: table !== undefined };
    },
    /** Replaces the table; null restores the built-in one. */
    async setRoutingTable(table: RoutingTable | null) {
      cached = undefined;
      await settings.writeJson(ROUTING_OVERRIDE, table);
      cached = undefined;
    },
  };
}

export type AgentsService = ReturnType<typeof createAgentsService>;
