// What the municipality's IT staff and their monitoring read from the shared
// server: liveness and readiness, and the Prometheus metrics behind their token
// (which the run's log scan then looks for, and must not find).

import { glasUrl } from '../fixtures/env';
import { expect, test } from '../fixtures/test';

test('the health checks answer and the metrics open with their token alone', async () => {
  const live = await fetch(`${glasUrl}/healthz`);
  expect(live.status).toBe(200);
  const ready = await fetch(`${glasUrl}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready' });

  const token = process.env.GLAS_METRICS_TOKEN!;
  const metrics = await fetch(`${glasUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(metrics.status).toBe(200);
  const text = await metrics.text();
  expect(text).toContain('glas_mail_unsent');
  expect(text).toContain('glas_http_requests_total');

  const wrong = await fetch(`${glasUrl}/metrics`, { headers: { authorization: 'Bearer not-the-token' } });
  expect(wrong.status).toBe(401);
  expect(await wrong.text()).not.toContain(token);
});
