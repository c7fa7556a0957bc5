// Drives the real TypeScript HttpBroker of @portel/photon-core against a gateway.
// Usage: node http-broker.mjs <gateway base URL> <inbound channel> <outbound channel> <expected count>
// Prints one JSON line per event: {"subscribed":...}, {"received":<message>}, {"published":n}.
// It subscribes to <inbound>, waits for <expected count> messages, then publishes three messages to <outbound>.
import { createBroker } from '@portel/photon-core';

const [base, inbound, outbound, expected] = process.argv.slice(2);
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');

const broker = createBroker('http', {
  publishUrl: new URL('/publish', base).toString(),
  subscribeUrl: new URL('/subscribe', base).toString(),
});

let received = 0;
const done = new Promise((resolve) => {
  broker.subscribe(inbound, (message) => {
    print({ received: message });
    if (++received === Number(expected)) resolve();
  }).then((subscription) => print({ subscribed: subscription.channel, active: subscription.active }));
});

const timeout = setTimeout(() => { print({ error: `timed out after ${received} messages` }); process.exit(2); }, 30000);
await done;

await broker.publish({ channel: outbound, event: 'task-moved', data: { taskId: '123', column: 'Done' }, source: 'KanbanMCP' });
await broker.publish({ channel: outbound, event: 'falsy', data: 0 });
await broker.publish({ channel: outbound, event: 'no-data' });
print({ published: 3 });

clearTimeout(timeout);
await broker.disconnect();
process.exit(0);
