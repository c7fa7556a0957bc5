// Drives the real TypeScript RedisBroker of @portel/photon-core (ioredis) against the Redis the gateway bridges.
// Usage: node redis-broker.mjs <redis url> <inbound channel or pattern> <outbound channel> <expected count>
// Prints one JSON line per event: {"subscribed":...}, {"received":<message>}, {"published":n}.
import { createBroker } from '@portel/photon-core';

const [url, inbound, outbound, expected] = process.argv.slice(2);
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const broker = createBroker('redis', { url });

let received = 0;
let done;
const allReceived = new Promise((resolve) => { done = resolve; });
const subscription = await broker.subscribe(inbound, (message) => {
  print({ received: message });
  if (++received === Number(expected)) done();
});
print({ subscribed: subscription.channel, active: subscription.active });

const timeout = setTimeout(() => { print({ error: `timed out after ${received} messages` }); process.exit(2); }, 30000);
await allReceived;

await broker.publish({ channel: outbound, event: 'task-moved', data: { taskId: '123' } });
await broker.publish({ channel: outbound, event: 'nothing', data: null });
print({ published: 2 });

clearTimeout(timeout);
subscription.unsubscribe();
await broker.disconnect();
process.exit(0);
