import { describe, expect, it } from 'vitest';
import { MAX_MODEL_LABELS, createMetrics } from './metrics.js';

describe('metrics registry', () => {
  it('keeps model labels bounded: past the limit, new ids count as other', () => {
    const metrics = createMetrics();
    for (let index = 0; index < MAX_MODEL_LABELS; index++)
      expect(metrics.modelLabel(`model-${index}`)).toBe(`model-${index}`);
    expect(metrics.modelLabel('one-too-many')).toBe('other');
    expect(metrics.modelLabel('model-0')).toBe('model-0');
  });

  it('gives every app its own registry', async () => {
    const first = createMetrics({ version: '1.0.0' });
    const second = createMetrics({ version: '2.0.0' });
    first.aiActiveStreams.inc();
    expect(await first.registry.getSingleMetricAsString('xionimus_ai_active_streams')).toMatch(/ 1$/m);
    expect(await second.registry.getSingleMetricAsString('xionimus_ai_active_streams')).toMatch(/ 0$/m);
    expect(await second.registry.metrics()).toContain('xionimus_build_info{version="2.0.0"} 1');
  });
});
