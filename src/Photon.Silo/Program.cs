using Photon.Grains.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddPhotonEnvironmentVariables();
builder.UseOrleans(silo => silo.AddPhotonChannels(builder.Configuration));

await builder.Build().RunAsync();
