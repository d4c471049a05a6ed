import { FRAMES } from './fake-openai.ts';
import { createParser } from 'eventsource-parser';
const whole = Buffer.concat(FRAMES).toString('utf8');
const lines = FRAMES.map((f) => f.toString('utf8').slice(6).trim());
const N = 5000;
for (let r = 0; r < 3; r++) {
  let t = process.cpuUsage();
  for (let i = 0; i < N; i++) for (const l of lines) if (l !== '[DONE]') JSON.parse(l);
  let u = process.cpuUsage(t);
  const jsonMs = (u.user + u.system) / 1000 / N;
  t = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const p = createParser({
      onEvent: (e) => {
        if (e.data !== '[DONE]') JSON.parse(e.data);
      },
    });
    p.feed(whole);
  }
  u = process.cpuUsage(t);
  const sseMs = (u.user + u.system) / 1000 / N;
  console.log(
    `JSON.parse of 203 chunks: ${jsonMs.toFixed(3)} ms; SSE parse + JSON.parse: ${sseMs.toFixed(3)} ms; bytes ${whole.length}`,
  );
}
