// The routing table in force: the built-in one from routing.json, or the admin's replacement.
import type { SettingsService } from '../settings/service.js';
import { defaultRoutingTable, type RoutingTable } from './routing-table.js';

const ROUTING_OVERRIDE = 'routing';

export function createAgentsService(settings: Pick<SettingsService, 'readJson' | 'writeJson'>) {
  const override = () => settings.readJson<RoutingTable>(ROUTING_OVERRIDE);
  return {
    async routingTable(): Promise<{ table: RoutingTable; overridden: boolean }> {
      const table = await override();
      return { table: table ?? defaultRoutingTable(), overridden: table !== undefined };
    },
    /** Replaces the table; null restores the built-in one. */
    setRoutingTable: (table: RoutingTable | null) => settings.writeJson(ROUTING_OVERRIDE, table),
  };
}

export type AgentsService = ReturnType<typeof createAgentsService>;
