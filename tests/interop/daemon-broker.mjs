// Drives the real TypeScript DaemonBroker of @portel/photon-core against the gateway's daemon socket.
// Usage: node daemon-broker.mjs <socket dir> <photon name> <inbound channel> <outbound channel> <expected count>
// Prints one JSON line per event: {"subscribed":...}, {"received":<message>}, {"published":n}.
import { createBroker } from '@portel/photon-core';

const [socketDir, photonName, inbound, outbound, expected] = process.argv.slice(2);
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');

const subscriber = createBroker('daemon', { photonName, socketDir });
const publisher = createBroker('daemon', { photonName, socketDir });

let received = 0;
let done;
const allReceived = new Promise((resolve) => { done = resolve; });
const subscription = await subscriber.subscribe(inbound, (message) => {
  print({ received: message });
  if (++received === Number(expected)) done();
});
print({ subscribed: subscription.channel, active: subscription.active });

const timeout = setTimeout(() => { print({ error: `timed out after ${received} messages` }); process.exit(2); }, 30000);
await allReceived;

await publisher.publish({ channel: outbound, event: 'task-moved', data: { taskId: '123', column: 'Done' } });
await publisher.publish({ channel: outbound, event: 'falsy', data: false });
print({ published: 2 });

clearTimeout(timeout);
subscription.unsubscribe();
await subscriber.disconnect();
process.exit(0);
